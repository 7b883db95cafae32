#include "ledger/engine/commit_notifier.h"

#include "gtest/gtest.h"

namespace ledger {
namespace {

using WaitResult = CommitNotifier::WaitResult;

TEST(CommitNotifier, ReadyWhenAlreadyPastOtherwiseWokenOnceByPublish) {
  CommitNotifier notifier(5, 10);
  uint64_t id = 0;
  int woken = 0;
  EXPECT_EQ(notifier.Wait(4, &id, [&] { ++woken; }), WaitResult::kReady);
  EXPECT_EQ(notifier.Wait(5, &id, [&] { ++woken; }), WaitResult::kWaiting);
  notifier.Publish(5);  // not newer: nobody wakes
  EXPECT_EQ(woken, 0);
  notifier.Publish(6);
  EXPECT_EQ(woken, 1);
  notifier.Publish(7);  // one-shot
  EXPECT_EQ(woken, 1);
  EXPECT_EQ(notifier.head(), 7u);
}

TEST(CommitNotifier, CancelledWaitersAreNotWoken) {
  CommitNotifier notifier(0, 10);
  uint64_t id = 0;
  bool woken = false;
  ASSERT_EQ(notifier.Wait(0, &id, [&] { woken = true; }), WaitResult::kWaiting);
  notifier.Cancel(id);
  notifier.Publish(1);
  EXPECT_FALSE(woken);
}

TEST(CommitNotifier, BoundedAndClosable) {
  CommitNotifier notifier(0, 2);
  uint64_t id = 0;
  int woken = 0;
  EXPECT_EQ(notifier.Wait(0, &id, [&] { ++woken; }), WaitResult::kWaiting);
  EXPECT_EQ(notifier.Wait(0, &id, [&] { ++woken; }), WaitResult::kWaiting);
  EXPECT_EQ(notifier.Wait(0, &id, [&] { ++woken; }), WaitResult::kFull);
  EXPECT_EQ(notifier.waiting(), 2u);
  notifier.Close();
  EXPECT_EQ(woken, 2);
  EXPECT_TRUE(notifier.closed());
  EXPECT_EQ(notifier.Wait(0, &id, [&] { ++woken; }), WaitResult::kClosed);
}

}  // namespace
}  // namespace ledger

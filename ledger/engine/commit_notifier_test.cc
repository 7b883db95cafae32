#include "ledger/engine/commit_notifier.h"

#include <atomic>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace ledger {
namespace {

using WaitResult = CommitNotifier::WaitResult;

TEST(CommitNotifier, ReadyWhenAlreadyPastOtherwiseWokenOnceAfterPublish) {
  CommitNotifier notifier(5, 10);
  uint64_t id = 0;
  std::atomic<int> woken{0};
  absl::Notification first_wake;
  EXPECT_EQ(notifier.Wait(4, &id, [&] { ++woken; }), WaitResult::kReady);
  EXPECT_EQ(notifier.Wait(5, &id,
                          [&] {
                            ++woken;
                            first_wake.Notify();
                          }),
            WaitResult::kWaiting);
  notifier.Publish(5);  // not newer: nobody wakes
  absl::SleepFor(absl::Milliseconds(50));
  EXPECT_EQ(woken.load(), 0);
  notifier.Publish(6);
  ASSERT_TRUE(first_wake.WaitForNotificationWithTimeout(absl::Seconds(10)));
  notifier.Publish(7);  // one-shot: not woken again
  absl::SleepFor(absl::Milliseconds(50));
  EXPECT_EQ(woken.load(), 1);
  EXPECT_EQ(notifier.head(), 7u);
  EXPECT_EQ(notifier.waiting(), 0u);
}

TEST(CommitNotifier, PublishDoesNotRunWakeUpsOnThePublishingThread) {
  CommitNotifier notifier(0, 10);
  uint64_t id = 0;
  absl::Notification entered, release, finished;
  ASSERT_EQ(notifier.Wait(0, &id,
                          [&] {
                            entered.Notify();
                            release.WaitForNotification();  // a slow reader
                            finished.Notify();
                          }),
            WaitResult::kWaiting);
  notifier.Publish(1);  // returns at once even though the wake-up blocks
  ASSERT_TRUE(entered.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_FALSE(finished.HasBeenNotified());
  release.Notify();
  ASSERT_TRUE(finished.WaitForNotificationWithTimeout(absl::Seconds(10)));
}

TEST(CommitNotifier, DeferredTasksRunOnceOnTheNotifierThread) {
  CommitNotifier notifier(0, 2);
  absl::Notification ran;
  std::thread::id ran_on;
  ASSERT_TRUE(notifier.Defer([&] {
    ran_on = std::this_thread::get_id();
    ran.Notify();
  }));
  ASSERT_TRUE(ran.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_NE(ran_on, std::this_thread::get_id());
  notifier.Close();
  EXPECT_FALSE(notifier.Defer([] {}));
}

TEST(CommitNotifier, CancelledWaitersAreNotWoken) {
  CommitNotifier notifier(0, 10);
  uint64_t id = 0;
  std::atomic<bool> woken{false};
  ASSERT_EQ(notifier.Wait(0, &id, [&] { woken = true; }), WaitResult::kWaiting);
  notifier.Cancel(id);
  notifier.Publish(1);
  absl::SleepFor(absl::Milliseconds(50));
  EXPECT_FALSE(woken.load());
}

TEST(CommitNotifier, BoundedAndClosable) {
  CommitNotifier notifier(0, 2);
  uint64_t id = 0;
  std::atomic<int> woken{0};
  EXPECT_EQ(notifier.Wait(0, &id, [&] { ++woken; }), WaitResult::kWaiting);
  EXPECT_EQ(notifier.Wait(0, &id, [&] { ++woken; }), WaitResult::kWaiting);
  EXPECT_EQ(notifier.Wait(0, &id, [&] { ++woken; }), WaitResult::kFull);
  EXPECT_EQ(notifier.waiting(), 2u);
  notifier.Close();
  for (int i = 0; i < 1000 && woken.load() < 2; ++i) absl::SleepFor(absl::Milliseconds(10));
  EXPECT_EQ(woken.load(), 2);
  EXPECT_TRUE(notifier.closed());
  EXPECT_EQ(notifier.Wait(0, &id, [&] { ++woken; }), WaitResult::kClosed);
}

}  // namespace
}  // namespace ledger

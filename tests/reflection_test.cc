// gRPC server reflection over real gRPC: ledgerd lists every service of the public API (and
// the health service) to a generic client, and serves no reflection when it is turned off.
//
// The client is generic on purpose, as grpcurl is: it knows the reflection protocol's message
// types only from the descriptors gRPC's reflection library registers in the process (no
// generated stub, which would clash with them), and calls the method by its path.
#include <memory>
#include <set>
#include <string>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "gtest/gtest.h"
#include "ledger/testing/test_server.h"

namespace ledger {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::DynamicMessageFactory;
using google::protobuf::Message;

constexpr char kMethod[] = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";

// One step of the call on the completion queue; whether it succeeded.
bool Await(grpc::CompletionQueue& queue, void* tag) {
  void* got = nullptr;
  bool ok = false;
  EXPECT_TRUE(queue.Next(&got, &ok));
  EXPECT_EQ(got, tag);
  return ok;
}

// Asks for the list of services; the call's status, and the names in `*names`.
grpc::Status ListServices(TestServer& server, std::set<std::string>* names) {
  const DescriptorPool* pool = DescriptorPool::generated_pool();
  const Descriptor* request_type =
      pool->FindMessageTypeByName("grpc.reflection.v1alpha.ServerReflectionRequest");
  const Descriptor* response_type =
      pool->FindMessageTypeByName("grpc.reflection.v1alpha.ServerReflectionResponse");
  if (request_type == nullptr || response_type == nullptr) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "reflection types not linked in");
  }
  DynamicMessageFactory factory(pool);
  std::unique_ptr<Message> request(factory.GetPrototype(request_type)->New());
  request->GetReflection()->SetString(request.get(), request_type->FindFieldByName("list_services"),
                                      "*");
  const std::string request_bytes = request->SerializeAsString();

  grpc::GenericStub stub(server.NewChannel());
  grpc::CompletionQueue queue;
  grpc::ClientContext context;  // no principal: reflection shows the schema only
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call =
      stub.PrepareCall(&context, kMethod, &queue);
  int tag = 0;
  call->StartCall(&tag);
  if (Await(queue, &tag)) {
    grpc::Slice slice(request_bytes);
    grpc::ByteBuffer out(&slice, 1);
    grpc::ByteBuffer in;
    call->Write(out, &tag);
    if (Await(queue, &tag)) {
      call->Read(&in, &tag);
      if (Await(queue, &tag)) {
        grpc::Slice received;
        EXPECT_TRUE(in.TrySingleSlice(&received).ok() || in.DumpToSingleSlice(&received).ok());
        std::unique_ptr<Message> response(factory.GetPrototype(response_type)->New());
        EXPECT_TRUE(response->ParseFromArray(received.begin(), static_cast<int>(received.size())));
        const Message& listing = response->GetReflection()->GetMessage(
            *response, response_type->FindFieldByName("list_services_response"));
        const auto* service_field = listing.GetDescriptor()->FindFieldByName("service");
        for (int i = 0; i < listing.GetReflection()->FieldSize(listing, service_field); ++i) {
          const Message& service =
              listing.GetReflection()->GetRepeatedMessage(listing, service_field, i);
          names->insert(service.GetReflection()->GetString(
              service, service.GetDescriptor()->FindFieldByName("name")));
        }
      }
      call->WritesDone(&tag);
      Await(queue, &tag);
    }
  }
  grpc::Status status;
  call->Finish(&status, &tag);
  Await(queue, &tag);
  queue.Shutdown();
  return status;
}

TEST(Reflection, ListsEveryServiceOfTheApi) {
  TestServer server("reflection");
  std::set<std::string> names;
  grpc::Status status = ListServices(server, &names);
  ASSERT_TRUE(status.ok()) << status.error_message();
  for (const char* service : {
           "microloan.ledger.v1.LoanService",
           "microloan.ledger.v1.BatchService",
           "microloan.ledger.v1.GuaranteeService",
           "microloan.ledger.v1.AccountService",
           "microloan.ledger.v1.JournalService",
           "microloan.ledger.v1.PolicyService",
           "microloan.ledger.v1.SubsidyService",
           "microloan.ledger.v1.CohortService",
           "grpc.health.v1.Health",
           "grpc.reflection.v1alpha.ServerReflection",
       }) {
    EXPECT_EQ(names.count(service), 1u) << service << " is not listed";
  }
}

TEST(Reflection, CanBeTurnedOff) {
  TestServerOptions options;
  options.reflection = false;
  TestServer server("reflection_off", options);
  std::set<std::string> names;
  grpc::Status status = ListServices(server, &names);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED) << status.error_message();
  EXPECT_TRUE(names.empty());
}

}  // namespace
}  // namespace ledger

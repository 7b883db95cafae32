#include "clients/ledgerctl/channel.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"

namespace ledgerctl {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path, const char* flag) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::FailedPreconditionError(
        absl::StrCat(flag, ": cannot read ", path, ": ", std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().empty()) {
    return absl::FailedPreconditionError(absl::StrCat(flag, ": ", path, " is empty"));
  }
  return text.str();
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MutualTlsCredentials(
    const std::string& ca_file, const std::string& cert_file, const std::string& key_file) {
  absl::StatusOr<std::string> ca = ReadFile(ca_file, "--ca");
  if (!ca.ok()) return ca.status();
  absl::StatusOr<std::string> cert = ReadFile(cert_file, "--cert");
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadFile(key_file, "--key");
  if (!key.ok()) return key.status();
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = *std::move(ca);
  ssl.pem_private_key = *std::move(key);
  ssl.pem_cert_chain = *std::move(cert);
  return grpc::SslCredentials(ssl);
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFor(
    const GlobalOptions& options) {
  if (!options.uses_tls()) return grpc::InsecureChannelCredentials();
  return MutualTlsCredentials(options.ca_file, options.cert_file, options.key_file);
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> NewChannel(const GlobalOptions& options) {
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      ChannelCredentialsFor(options);
  if (!credentials.ok()) return credentials.status();
  return grpc::CreateChannel(options.server, *credentials);
}

}  // namespace ledgerctl

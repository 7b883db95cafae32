#include "ledger/server/transport_security.h"

#include <arpa/inet.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "grpcpp/security/credentials.h"

namespace ledger {
namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};

// Larger than any certificate chain or key; a bigger file is the wrong file.
constexpr size_t kMaxPemBytes = 1 << 20;

absl::StatusOr<std::string> ReadFile(const std::string& path, absl::string_view what) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read ", what, " file ", path, ": ", std::strerror(errno)));
  }
  std::string text;
  char buffer[4096];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof(buffer), file)) > 0 && text.size() <= kMaxPemBytes) {
    text.append(buffer, n);
  }
  const int error = std::ferror(file) ? errno : 0;
  std::fclose(file);
  if (error != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read ", what, " file ", path, ": ", std::strerror(error)));
  }
  if (text.empty() || text.size() > kMaxPemBytes) {
    return absl::FailedPreconditionError(
        absl::StrCat(what, " file ", path, " is ", text.empty() ? "empty" : "too large"));
  }
  return text;
}

std::unique_ptr<BIO, BioFree> MemoryBio(const std::string& text) {
  return std::unique_ptr<BIO, BioFree>(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

std::unique_ptr<X509, X509Free> FirstCertificate(const std::string& pem) {
  return std::unique_ptr<X509, X509Free>(
      PEM_read_bio_X509(MemoryBio(pem).get(), nullptr, nullptr, nullptr));
}

absl::Status NotPem(absl::string_view what, const std::string& path, absl::string_view expected) {
  return absl::FailedPreconditionError(
      absl::StrCat(what, " file ", path, " does not hold a PEM ", expected));
}

// gRPC would accept these files and only fail later, at the first handshake or with a bare
// "cannot listen"; checking them with OpenSSL (the library gRPC uses) names the culprit.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> TlsCredentials(const TlsFiles& tls) {
  struct Wanted {
    const std::string& path;
    const char* what;
    const char* flag;
  };
  for (const Wanted& wanted : {Wanted{tls.cert_file, "TLS certificate", "--tls_cert"},
                               Wanted{tls.key_file, "TLS key", "--tls_key"},
                               Wanted{tls.client_ca_file, "TLS client CA", "--tls_client_ca"}}) {
    if (wanted.path.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("mutual TLS needs a certificate, its key and the client CA; the ",
                       wanted.what, " file (", wanted.flag, ") is not set"));
    }
  }
  absl::StatusOr<std::string> cert = ReadFile(tls.cert_file, "TLS certificate");
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadFile(tls.key_file, "TLS key");
  if (!key.ok()) return key.status();
  absl::StatusOr<std::string> client_ca = ReadFile(tls.client_ca_file, "TLS client CA");
  if (!client_ca.ok()) return client_ca.status();

  std::unique_ptr<X509, X509Free> server_cert = FirstCertificate(*cert);
  if (server_cert == nullptr) return NotPem("TLS certificate", tls.cert_file, "certificate");
  std::unique_ptr<EVP_PKEY, PkeyFree> server_key(
      PEM_read_bio_PrivateKey(MemoryBio(*key).get(), nullptr, nullptr, nullptr));
  if (server_key == nullptr) return NotPem("TLS key", tls.key_file, "private key");
  if (X509_check_private_key(server_cert.get(), server_key.get()) != 1) {
    return absl::FailedPreconditionError(absl::StrCat(
        "TLS key file ", tls.key_file, " is not the key of the certificate in ", tls.cert_file));
  }
  if (FirstCertificate(*client_ca) == nullptr) {
    return NotPem("TLS client CA", tls.client_ca_file, "certificate");
  }

  grpc::SslServerCredentialsOptions options(
      GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  options.pem_root_certs = *std::move(client_ca);
  options.pem_key_cert_pairs.push_back({*std::move(key), *std::move(cert)});
  return grpc::SslServerCredentials(options);
}

}  // namespace

bool IsLoopbackAddress(absl::string_view listen_address) {
  absl::string_view host = listen_address;
  if (absl::ConsumePrefix(&host, "[")) {
    const size_t end = host.find(']');
    if (end == absl::string_view::npos || !absl::StartsWith(host.substr(end), "]:")) return false;
    host = host.substr(0, end);
  } else {
    const size_t colon = host.rfind(':');
    if (colon == absl::string_view::npos) return false;
    host = host.substr(0, colon);
    // "::1:50051" unbracketed is, to gRPC, the IPv6 address "::1:50051", not ::1 port 50051.
    if (host.find(':') != absl::string_view::npos) return false;
  }
  if (absl::EqualsIgnoreCase(host, "localhost")) return true;
  const std::string text(host);
  in_addr v4;
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6;
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFor(
    const TlsFiles& tls, bool dev_plaintext, absl::string_view listen_address) {
  if (!dev_plaintext) {
    if (!tls.any()) {
      return absl::InvalidArgumentError(
          "no transport security chosen: give the TLS certificate, key and client CA "
          "(--tls_cert, --tls_key, --tls_client_ca) for mutual TLS, or choose the plaintext "
          "development mode (--dev_plaintext) on a loopback address");
    }
    return TlsCredentials(tls);
  }
  if (tls.any()) {
    return absl::InvalidArgumentError(
        "both the plaintext development mode (--dev_plaintext) and TLS files are set: choose "
        "one");
  }
  if (!IsLoopbackAddress(listen_address)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the plaintext development mode (--dev_plaintext) listens only on a loopback address "
        "(127.0.0.0/8, localhost, [::1]); ",
        listen_address, " is not one. Serve mutual TLS to listen anywhere else"));
  }
  // Plaintext: no encryption and no authentication. Principals come from a header the
  // client chooses (principal.h), which is why only this machine may connect.
  return grpc::InsecureServerCredentials();
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ClientCredentialsFor(
    const std::string& ca_file, const std::string& cert_file, const std::string& key_file) {
  grpc::SslCredentialsOptions ssl;
  absl::StatusOr<std::string> roots = ReadFile(ca_file, "primary's CA");
  if (!roots.ok()) return roots.status();
  absl::StatusOr<std::string> cert = ReadFile(cert_file, "client certificate");
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadFile(key_file, "client key");
  if (!key.ok()) return key.status();
  ssl.pem_root_certs = std::move(*roots);
  ssl.pem_cert_chain = std::move(*cert);
  ssl.pem_private_key = std::move(*key);
  return grpc::SslCredentials(ssl);
}

}  // namespace ledger

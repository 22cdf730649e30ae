#include "workers/ingest/channels/meta/hub_signature.h"

#include <string>

#include "workers/ingest/signature.h"

namespace aspirasi::ingest::meta {
namespace {

std::string TrimmedLower(std::string s) {
  std::size_t begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return {};
  std::size_t end = s.find_last_not_of(" \t");
  s = s.substr(begin, end - begin + 1);
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

}  // namespace

Status VerifyHubSignature(const HttpRequestView& req, const AccountContext& account) {
  std::string given = req.header ? TrimmedLower(req.header(kHubSignatureHeader)) : std::string();
  if (given.empty()) {
    return Status::InvalidArgument(std::string(kHubSignatureHeader),
                                   "the X-Hub-Signature-256 header is missing");
  }
  if (account.secret.empty()) {
    // Fail closed: an HMAC under an empty key proves nothing.
    return Status::Error(v1::PERMISSION_DENIED, "no app secret is configured for this account");
  }
  std::string expected = "sha256=" + HmacSha256Hex(account.secret, req.body);
  if (!ConstantTimeEquals(given, expected)) {
    return Status::Error(v1::PERMISSION_DENIED, "the X-Hub-Signature-256 signature does not match the body");
  }
  return Status::Ok();
}

}  // namespace aspirasi::ingest::meta

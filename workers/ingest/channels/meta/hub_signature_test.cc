#include "workers/ingest/channels/meta/hub_signature.h"

#include <gtest/gtest.h>

#include <cctype>

#include "workers/ingest/channels/meta/testing/fixtures.h"
#include "workers/ingest/signature.h"

namespace aspirasi::ingest::meta {
namespace {

using testing::FakeRequest;

constexpr char kBody[] = R"({"object":"page","entry":[]})";

AccountContext Account() {
  AccountContext a;
  a.id = "104582736190254";
  a.secret = "nh-test-app-secret";
  return a;
}

FakeRequest Signed(std::string body, const std::string& secret) {
  FakeRequest r;
  r.body = std::move(body);
  r.Header("X-Hub-Signature-256", "sha256=" + HmacSha256Hex(secret, r.body));
  return r;
}

TEST(HubSignature, AcceptsTheSignatureOfTheRawBody) {
  FakeRequest r = Signed(kBody, "nh-test-app-secret");
  EXPECT_TRUE(VerifyHubSignature(r.View(), Account()).ok());
  // Header names are case-insensitive; Meta's hex is lower-case but upper-case is the same value.
  FakeRequest upper;
  upper.body = kBody;
  std::string hex = HmacSha256Hex("nh-test-app-secret", kBody);
  for (char& c : hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  upper.Header("x-hub-signature-256", "sha256=" + hex);
  EXPECT_TRUE(VerifyHubSignature(upper.View(), Account()).ok());
}

TEST(HubSignature, MissingHeaderIsInvalidArgument) {
  FakeRequest r;
  r.body = kBody;
  Status s = VerifyHubSignature(r.View(), Account());
  EXPECT_EQ(s.code(), v1::INVALID_ARGUMENT);
  EXPECT_EQ(s.field(), "X-Hub-Signature-256");
  r.Header("X-Hub-Signature", "sha1=0000");  // the legacy header alone is not enough
  EXPECT_EQ(VerifyHubSignature(r.View(), Account()).code(), v1::INVALID_ARGUMENT);
}

TEST(HubSignature, WrongSignaturesArePermissionDenied) {
  FakeRequest wrong_secret = Signed(kBody, "another-secret");
  EXPECT_EQ(VerifyHubSignature(wrong_secret.View(), Account()).code(), v1::PERMISSION_DENIED);

  FakeRequest one_byte = Signed(kBody, "nh-test-app-secret");
  one_byte.body[10] = 'P';  // "page" -> "Page" after signing
  EXPECT_EQ(VerifyHubSignature(one_byte.View(), Account()).code(), v1::PERMISSION_DENIED);

  FakeRequest no_prefix;
  no_prefix.body = kBody;
  no_prefix.Header("X-Hub-Signature-256", HmacSha256Hex("nh-test-app-secret", kBody));
  EXPECT_EQ(VerifyHubSignature(no_prefix.View(), Account()).code(), v1::PERMISSION_DENIED);

  FakeRequest truncated = Signed(kBody, "nh-test-app-secret");
  truncated.headers["x-hub-signature-256"].pop_back();
  EXPECT_EQ(VerifyHubSignature(truncated.View(), Account()).code(), v1::PERMISSION_DENIED);
}

TEST(HubSignature, NoConfiguredSecretNeverVerifies) {
  AccountContext no_secret = Account();
  no_secret.secret.clear();
  FakeRequest r = Signed(kBody, "");
  EXPECT_EQ(VerifyHubSignature(r.View(), no_secret).code(), v1::PERMISSION_DENIED);
}

}  // namespace
}  // namespace aspirasi::ingest::meta

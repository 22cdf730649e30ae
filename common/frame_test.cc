#include "common/frame.h"

#include <gtest/gtest.h>

#include <array>

namespace aspirasi {
namespace {

v1::Envelope SubmitEnvelope() {
  v1::Envelope env;
  env.set_request_id(7);
  env.mutable_submit()->set_idempotency_key("facebook:comment:1");
  return env;
}

TEST(Frame, RoundTrip) {
  std::string body = EncodeEnvelope(SubmitEnvelope());
  std::array<std::string_view, 2> frames{kSignature, body};
  v1::Envelope out;
  ASSERT_TRUE(DecodeEnvelope(frames, 1024, &out).ok());
  EXPECT_EQ(out.request_id(), 7u);
  EXPECT_EQ(BodyName(out), "submit");
}

TEST(Frame, RejectsWrongFrameCount) {
  std::array<std::string_view, 1> frames{kSignature};
  v1::Envelope out;
  EXPECT_EQ(DecodeEnvelope(frames, 1024, &out).code(), v1::BAD_FRAME);
}

TEST(Frame, RejectsForeignSignatureAndOtherVersion) {
  std::string body = EncodeEnvelope(SubmitEnvelope());
  v1::Envelope out;
  std::array<std::string_view, 2> foreign{"HTTP", body};
  EXPECT_EQ(DecodeEnvelope(foreign, 1024, &out).code(), v1::BAD_FRAME);
  std::string v2("ASP\x02", 4);
  std::array<std::string_view, 2> newer{v2, body};
  EXPECT_EQ(DecodeEnvelope(newer, 1024, &out).code(), v1::UNSUPPORTED_VERSION);
}

TEST(Frame, RejectsOversizedTruncatedAndEmpty) {
  std::string body = EncodeEnvelope(SubmitEnvelope());
  v1::Envelope out;
  std::array<std::string_view, 2> big{kSignature, body};
  EXPECT_EQ(DecodeEnvelope(big, body.size() - 1, &out).code(), v1::TOO_LARGE);
  std::string cut = body.substr(0, body.size() - 3);
  std::array<std::string_view, 2> truncated{kSignature, cut};
  EXPECT_EQ(DecodeEnvelope(truncated, 1024, &out).code(), v1::MALFORMED);
  std::array<std::string_view, 2> empty{kSignature, std::string_view()};
  EXPECT_EQ(DecodeEnvelope(empty, 1024, &out).code(), v1::UNKNOWN_COMMAND);
}

}  // namespace
}  // namespace aspirasi

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

// A text that is not UTF-8 is MALFORMED naming the field, and the reply still reaches the request
// (its id is read back from the damaged envelope).
TEST(Frame, NotUtf8NamesTheFieldAndKeepsTheRequestId) {
  v1::Envelope env;
  env.set_request_id(4242);
  env.set_actor("budi.pupr");
  env.mutable_desk()->set_action(v1::DESK_REPLY);
  env.mutable_desk()->set_text(std::string("Baik \xFF\xFE"));
  InstallProtobufLogCapture();
  std::string bytes = EncodeEnvelope(env);  // serialises anyway (libprotobuf complains, captured)
  std::string_view frames[2] = {kSignature, bytes};
  v1::Envelope out;
  Status s = DecodeEnvelope(frames, 1 << 20, &out);
  EXPECT_EQ(s.code(), v1::MALFORMED);
  EXPECT_EQ(s.field(), "aspirasi.v1.DeskCommand.text");
  EXPECT_EQ(s.text().key, "wire.not_utf8");
  EXPECT_EQ(out.request_id(), 4242u);
  // Garbage without a readable id: 0.
  std::string garbage = "\xFF\xFF\xFF";
  frames[1] = garbage;
  EXPECT_EQ(DecodeEnvelope(frames, 1 << 20, &out).code(), v1::MALFORMED);
  EXPECT_EQ(out.request_id(), 0u);
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

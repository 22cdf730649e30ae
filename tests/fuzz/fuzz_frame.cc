// libFuzzer target for the wire decoder: aspirasi::DecodeEnvelope (common/frame.h).
//
// The input is turned into a ZeroMQ-like multipart message so that one target exercises the
// frame count, the signature and version byte, the size limit and the protobuf parser:
//
//   byte 0          bits 0-2: frame count (0..7); bit 3: use a tight 64-byte envelope limit
//   next count-1    one byte each: the length of frames 0 .. count-2 (clamped to what is left)
//   the rest        the last frame
//
// So the bytes 0x02 0x04 "ASP\x01" <envelope> are a well-formed two-frame message. Inputs
// shorter than their header are padded with empty frames rather than rejected.
//
// When decoding succeeds, the envelope is re-encoded and decoded again; the two parsed
// envelopes must serialize (deterministically) to the same bytes, else the target aborts.

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/stubs/logging.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "common/frame.h"

namespace {

constexpr std::size_t kMaxFrames = 7;
constexpr std::size_t kTightLimit = 64;
constexpr std::size_t kDefaultLimit = 1 << 20;

// Silences protobuf's "invalid UTF-8" and similar log lines; the decoder reports them as MALFORMED.
void IgnoreProtobufLog(google::protobuf::LogLevel, const char*, int, const std::string&) {}

std::string Deterministic(const aspirasi::v1::Envelope& env) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    env.SerializeToCodedStream(&coded);
  }
  return out;
}

[[noreturn]] void Fail(const char* what, const aspirasi::Status& status) {
  std::fprintf(stderr, "fuzz_frame: %s: %s\n", what, status.ToString().c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  google::protobuf::SetLogHandler(&IgnoreProtobufLog);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  const auto header = static_cast<unsigned char>(in[0]);
  in.remove_prefix(1);
  const std::size_t count = header & 0x07u;
  const std::size_t limit = (header & 0x08u) != 0 ? kTightLimit : kDefaultLimit;

  std::vector<std::size_t> lengths;
  for (std::size_t i = 0; i + 1 < count; ++i) {
    if (in.empty()) {
      lengths.push_back(0);
      continue;
    }
    lengths.push_back(static_cast<unsigned char>(in[0]));
    in.remove_prefix(1);
  }
  std::vector<std::string_view> frames;
  frames.reserve(kMaxFrames);
  for (std::size_t len : lengths) {
    std::size_t n = len < in.size() ? len : in.size();
    frames.push_back(in.substr(0, n));
    in.remove_prefix(n);
  }
  if (count > 0) frames.push_back(in);

  aspirasi::v1::Envelope env;
  aspirasi::Status status = aspirasi::DecodeEnvelope(frames, limit, &env);
  if (!status.ok()) {
    // Every rejection must carry one of the framing codes and a message.
    switch (status.code()) {
      case aspirasi::v1::BAD_FRAME:
      case aspirasi::v1::UNSUPPORTED_VERSION:
      case aspirasi::v1::TOO_LARGE:
      case aspirasi::v1::MALFORMED:
      case aspirasi::v1::UNKNOWN_COMMAND:
        break;
      default:
        Fail("unexpected error code", status);
    }
    if (status.message().empty()) Fail("error without a message", status);
    // The error reply itself must encode and decode.
    aspirasi::v1::Envelope reply = aspirasi::ErrorEnvelope(env.request_id(), status);
    std::string reply_bytes = aspirasi::EncodeEnvelope(reply);
    std::vector<std::string_view> reply_frames{aspirasi::kSignature, reply_bytes};
    aspirasi::v1::Envelope reply_back;
    aspirasi::Status reply_status = aspirasi::DecodeEnvelope(reply_frames, SIZE_MAX, &reply_back);
    if (!reply_status.ok() || !reply_back.has_error()) Fail("error reply does not round-trip", reply_status);
    return 0;
  }

  if (env.body_case() == aspirasi::v1::Envelope::BODY_NOT_SET) Fail("ok without a body", status);
  if (aspirasi::BodyName(env) == "none") Fail("ok but BodyName is none", status);

  // Round trip: encode, decode, compare.
  std::string encoded = aspirasi::EncodeEnvelope(env);
  std::vector<std::string_view> again{aspirasi::kSignature, encoded};
  aspirasi::v1::Envelope env2;
  aspirasi::Status status2 = aspirasi::DecodeEnvelope(again, SIZE_MAX, &env2);
  if (!status2.ok()) Fail("re-encoded envelope does not decode", status2);
  if (Deterministic(env) != Deterministic(env2)) Fail("round trip changed the envelope", status2);
  return 0;
}

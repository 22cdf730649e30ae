#include "common/frame.h"

#include <google/protobuf/io/coded_stream.h>

namespace aspirasi {

std::string_view BodyName(const v1::Envelope& env) {
  if (env.body_case() == v1::Envelope::BODY_NOT_SET) return "none";
  const auto* field = v1::Envelope::descriptor()->FindFieldByNumber(env.body_case());
  return field != nullptr ? std::string_view(field->name()) : std::string_view("unknown");
}

Status DecodeEnvelope(std::span<const std::string_view> frames, std::size_t max_envelope_bytes,
                      v1::Envelope* out) {
  out->Clear();  // a rejection before parsing must not carry a previous message's request_id
  if (frames.size() != kFrameCount) {
    return Status::BadFrame("expected 2 frames (signature, envelope), got " + std::to_string(frames.size()));
  }
  std::string_view sig = frames[0];
  if (sig.size() != kSignature.size() || sig.substr(0, 3) != kSignature.substr(0, 3)) {
    return Status::BadFrame("first frame is not the aspirasi signature \"ASP\" + version byte");
  }
  if (sig[3] != kProtocolVersion) {
    return Status::UnsupportedVersion("protocol version " +
                                      std::to_string(static_cast<unsigned char>(sig[3])) +
                                      " is not supported; this broker speaks version 1");
  }
  std::string_view body = frames[1];
  if (body.size() > max_envelope_bytes) {
    return Status::TooLarge("envelope", "envelope of " + std::to_string(body.size()) +
                                            " bytes exceeds the limit of " +
                                            std::to_string(max_envelope_bytes));
  }
  google::protobuf::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(body.data()),
                                               static_cast<int>(body.size()));
  input.SetRecursionLimit(32);
  if (!out->MergePartialFromCodedStream(&input) || !input.ConsumedEntireMessage()) {
    out->Clear();
    return Status::Malformed("envelope is not a valid aspirasi.v1.Envelope protobuf");
  }
  if (out->body_case() == v1::Envelope::BODY_NOT_SET) {
    return Status::UnknownCommand("envelope has no command (empty body, or a command from a newer version)");
  }
  return Status::Ok();
}

std::string EncodeEnvelope(const v1::Envelope& env) {
  std::string out;
  env.SerializeToString(&out);
  return out;
}

v1::Envelope ErrorEnvelope(uint64_t request_id, const Status& status) {
  v1::Envelope env;
  env.set_request_id(request_id);
  *env.mutable_error() = status.ToProto();
  return env;
}

}  // namespace aspirasi

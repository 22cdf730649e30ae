#include "common/frame.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/wire_format_lite.h>

#include <mutex>

#include "common/i18n/catalogue.h"

namespace aspirasi {
namespace {

// What libprotobuf last complained about on this thread (it names a field whose text is not
// UTF-8); its own output to stderr is dropped, so hostile input cannot flood the logs with it.
thread_local std::string g_protobuf_complaint;

void CaptureProtobufLog(google::protobuf::LogLevel, const char*, int, const std::string& message) {
  g_protobuf_complaint = message;
}

// The request id of an envelope that did not parse, when its field 1 (a varint) can still be read
// before the damage: the reply then reaches the request that caused it.
uint64_t SalvageRequestId(std::string_view body) {
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(body.data()),
                                            static_cast<int>(body.size()));
  while (true) {
    uint32_t tag = in.ReadTag();
    if (tag == 0) return 0;
    if (tag == ((1u << 3) | 0u)) {
      uint64_t id = 0;
      return in.ReadVarint64(&id) ? id : 0;
    }
    if (!google::protobuf::internal::WireFormatLite::SkipField(&in, tag)) return 0;
  }
}

// "aspirasi.v1.DeskCommand.text" from "String field 'aspirasi.v1.DeskCommand.text' contains
// invalid UTF-8 data ...", or "".
std::string Utf8Field(const std::string& complaint) {
  if (complaint.find("UTF-8") == std::string::npos) return {};
  auto open = complaint.find('\'');
  auto close = open == std::string::npos ? open : complaint.find('\'', open + 1);
  if (close == std::string::npos) return {};
  return complaint.substr(open + 1, close - open - 1);
}

}  // namespace

void InstallProtobufLogCapture() {
  static std::once_flag once;
  std::call_once(once, [] { google::protobuf::SetLogHandler(&CaptureProtobufLog); });
}

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
  InstallProtobufLogCapture();
  g_protobuf_complaint.clear();
  if (!out->MergePartialFromCodedStream(&input) || !input.ConsumedEntireMessage()) {
    out->Clear();
    out->set_request_id(SalvageRequestId(body));
    std::string field = Utf8Field(g_protobuf_complaint);
    if (!field.empty()) {
      return Status::Error(v1::MALFORMED, i18n::T(i18n::K("wire.not_utf8"), {{"field", field}}), field);
    }
    return Status::Error(v1::MALFORMED, i18n::T(i18n::K("wire.malformed")));
  }
  if (out->body_case() == v1::Envelope::BODY_NOT_SET) {
    return Status::UnknownCommand(i18n::T(i18n::K("wire.no_command")));
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

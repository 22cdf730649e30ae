#include "common/status.h"

namespace aspirasi {

Status Status::Error(ErrorCode code, std::string message, std::string field) {
  Status s;
  s.code_ = code == v1::OK ? v1::ERROR_UNKNOWN : code;
  s.message_ = std::move(message);
  s.field_ = std::move(field);
  return s;
}

std::string Status::CodeName() const {
  if (!v1::ErrorCode_IsValid(code_)) return "ERROR_UNKNOWN";
  return v1::ErrorCode_Name(code_);
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out = CodeName();
  if (!field_.empty()) out += " (" + field_ + ")";
  out += ": " + message_;
  return out;
}

v1::Error Status::ToProto() const {
  v1::Error e;
  e.set_code(code_);
  e.set_message(message_);
  e.set_field(field_);
  return e;
}

Status Status::FromProto(const v1::Error& e) {
  ErrorCode code = v1::ErrorCode_IsValid(e.code()) ? e.code() : v1::ERROR_UNKNOWN;
  return Error(code, e.message(), e.field());
}

}  // namespace aspirasi

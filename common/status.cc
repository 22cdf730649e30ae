#include "common/status.h"

#include "common/i18n/wire_text.h"

namespace aspirasi {

Status Status::Error(ErrorCode code, std::string message, std::string field) {
  Status s;
  s.code_ = code == v1::OK ? v1::ERROR_UNKNOWN : code;
  s.message_ = std::move(message);
  s.field_ = std::move(field);
  return s;
}

Status Status::Error(ErrorCode code, i18n::Text text, std::string field) {
  Status s = Error(code, i18n::English(text), std::move(field));
  s.text_ = std::move(text);
  return s;
}

std::string Status::Message(i18n::Lang lang, const i18n::Zone& zone) const {
  if (text_.empty() || i18n::Find(text_.key) == nullptr) return message_;
  return i18n::Render(lang, text_, zone);
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
  if (!text_.empty()) i18n::ToProto(text_, e.mutable_text());
  return e;
}

Status Status::FromProto(const v1::Error& e) {
  ErrorCode code = v1::ErrorCode_IsValid(e.code()) ? e.code() : v1::ERROR_UNKNOWN;
  Status s = Error(code, e.message(), e.field());
  if (!e.text().key().empty()) s.text_ = i18n::FromProto(e.text());
  return s;
}

}  // namespace aspirasi

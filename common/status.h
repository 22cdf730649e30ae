// Status and Result: errors are values.
//
// A Status is OK by default; an error carries a stable ErrorCode from the wire protocol
// (aspirasi.v1.ErrorCode), one English sentence, and optionally the field it is about. An error a
// person will read is made from the message catalogue (i18n::Text): its English rendering is the
// message, and clients render the same text in their user's language.
// Third-party exceptions (cppzmq, toml++, protobuf) are caught at the edge and turned into
// a Status; nothing in our code throws across a module boundary.
//
// Thread safety: values; copy freely.
#pragma once

#include <string>
#include <utility>
#include <variant>

#include "aspirasi/v1/error.pb.h"
#include "common/i18n/text.h"

namespace aspirasi {

using ErrorCode = v1::ErrorCode;

class Status {
 public:
  Status() = default;

  static Status Ok() { return Status(); }
  static Status Error(ErrorCode code, std::string message, std::string field = {});
  static Status Error(ErrorCode code, i18n::Text text, std::string field = {});
  static Status InvalidArgument(std::string field, i18n::Text t) {
    return Error(v1::INVALID_ARGUMENT, std::move(t), std::move(field));
  }
  static Status TooLarge(std::string field, i18n::Text t) {
    return Error(v1::TOO_LARGE, std::move(t), std::move(field));
  }
  static Status NotFound(i18n::Text t) { return Error(v1::NOT_FOUND, std::move(t)); }
  static Status Conflict(i18n::Text t) { return Error(v1::CONFLICT, std::move(t)); }
  static Status PermissionDenied(i18n::Text t) { return Error(v1::PERMISSION_DENIED, std::move(t)); }
  static Status Unavailable(i18n::Text t) { return Error(v1::UNAVAILABLE, std::move(t)); }
  static Status BadFrame(std::string m) { return Error(v1::BAD_FRAME, std::move(m)); }
  static Status UnsupportedVersion(std::string m) { return Error(v1::UNSUPPORTED_VERSION, std::move(m)); }
  static Status Malformed(std::string m) { return Error(v1::MALFORMED, std::move(m)); }
  static Status UnknownCommand(std::string m) { return Error(v1::UNKNOWN_COMMAND, std::move(m)); }
  static Status UnknownCommand(i18n::Text t) { return Error(v1::UNKNOWN_COMMAND, std::move(t)); }
  static Status InvalidArgument(std::string field, std::string m) {
    return Error(v1::INVALID_ARGUMENT, std::move(m), std::move(field));
  }
  static Status TooLarge(std::string field, std::string m) {
    return Error(v1::TOO_LARGE, std::move(m), std::move(field));
  }
  static Status NotFound(std::string m) { return Error(v1::NOT_FOUND, std::move(m)); }
  static Status Conflict(std::string m) { return Error(v1::CONFLICT, std::move(m)); }
  static Status Unavailable(std::string m) { return Error(v1::UNAVAILABLE, std::move(m)); }
  static Status Internal(std::string m) { return Error(v1::INTERNAL, std::move(m)); }
  static Status NotRegistered(std::string m) { return Error(v1::NOT_REGISTERED, std::move(m)); }
  static Status StaleLease(std::string m) { return Error(v1::STALE_LEASE, std::move(m)); }
  static Status ConfigInvalid(std::string key, std::string m) {
    return Error(v1::CONFIG_INVALID, std::move(m), std::move(key));
  }
  static Status Io(std::string m) { return Error(v1::IO_ERROR, std::move(m)); }
  static Status Timeout(std::string m) { return Error(v1::TIMEOUT, std::move(m)); }

  bool ok() const { return code_ == v1::OK; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }
  // The catalogue text of the message (empty for internal errors that have none).
  const i18n::Text& text() const { return text_; }
  // The message in `lang`: the catalogue text when there is one, else the English message.
  std::string Message(i18n::Lang lang, const i18n::Zone& zone = i18n::DefaultZone()) const;

  // "INVALID_ARGUMENT (draft.text): text is empty"; "OK" for success.
  std::string ToString() const;
  // Short code name, e.g. "NOT_FOUND"; "ERROR_UNKNOWN" for codes this build does not know.
  std::string CodeName() const;

  v1::Error ToProto() const;
  // Codes from a newer peer map to ERROR_UNKNOWN; the message is kept.
  static Status FromProto(const v1::Error& e);

 private:
  ErrorCode code_ = v1::OK;
  std::string message_;
  std::string field_;
  i18n::Text text_;
};

// A value or an error Status. REQUIRES: value() only when ok(), status() any time.
template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  Status status() const { return ok() ? Status() : std::get<Status>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace aspirasi

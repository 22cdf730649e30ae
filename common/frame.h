// Wire framing for aspirasi.v1 (docs/PROTOCOL.md section 3).
//
// A protocol message is exactly two ZeroMQ frames: the 4-byte signature "ASP" 0x01 and one
// serialized aspirasi.v1.Envelope. A ROUTER socket sees the peer's identity frame first;
// callers strip it before decoding.
//
// DecodeEnvelope never throws and never allocates more than the frames it is given plus the
// parsed message; it is the fuzzed surface of every endpoint.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "aspirasi/v1/wire.pb.h"
#include "common/status.h"

namespace aspirasi {

inline constexpr std::string_view kSignature{"ASP\x01", 4};
inline constexpr char kProtocolVersion = 1;
inline constexpr std::size_t kFrameCount = 2;

// The envelope's body case name ("submit", "hello", ...), or "none".
std::string_view BodyName(const v1::Envelope& env);

// Decodes [signature, envelope]. Errors: BAD_FRAME (frame count, signature),
// UNSUPPORTED_VERSION ("ASP" with another version byte), TOO_LARGE (envelope over
// max_envelope_bytes), MALFORMED (not a protobuf, or a text field that is not UTF-8: the error's
// field names it), UNKNOWN_COMMAND (no body set). After MALFORMED, out->request_id() holds the
// request id when it could still be read, so the error reply reaches the request that caused it.
Status DecodeEnvelope(std::span<const std::string_view> frames, std::size_t max_envelope_bytes,
                      v1::Envelope* out);

// Routes libprotobuf's log lines (e.g. "String field ... contains invalid UTF-8") away from stderr;
// DecodeEnvelope reads them to say which field was bad. Idempotent.
void InstallProtobufLogCapture();

// Serializes an envelope into the second frame's bytes.
std::string EncodeEnvelope(const v1::Envelope& env);

// A reply envelope carrying an error for request_id.
v1::Envelope ErrorEnvelope(uint64_t request_id, const Status& status);

}  // namespace aspirasi

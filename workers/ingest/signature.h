// Signature primitives shared by the channel plug-ins (OpenSSL): HMAC-SHA256 over raw bytes,
// comparison in constant time, and a short digest for logs.
#pragma once

#include <string>
#include <string_view>

namespace aspirasi::ingest {

// Lower-case hex of HMAC-SHA256(key, data) (Meta's X-Hub-Signature-256 after "sha256=").
std::string HmacSha256Hex(std::string_view key, std::string_view data);
// Standard base64 of HMAC-SHA256(key, data) (X's signature and CRC response after "sha256=").
std::string HmacSha256Base64(std::string_view key, std::string_view data);
// The first 12 lower-case hex digits of SHA-256(data): names a value in a log line without
// showing it (an idempotency key can hold a citizen's chat id or phone number).
std::string ShortDigest(std::string_view data);
// Equal length and equal bytes, in time that depends only on the length (CRYPTO_memcmp).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace aspirasi::ingest

#include "broker/audit/event_chain.h"

#include <openssl/evp.h>

#include <charconv>
#include <cstring>

namespace aspirasi::audit {

ChainHasher::ChainHasher()
    : ctx_(EVP_MD_CTX_new()), fetched_(EVP_MD_fetch(nullptr, "SHA256", nullptr)), md_(fetched_) {
  if (md_ == nullptr) md_ = EVP_sha256();
}

ChainHasher::~ChainHasher() {
  EVP_MD_CTX_free(ctx_);
  EVP_MD_free(fetched_);
}

ChainHash ChainHasher::Link(const ChainHash& prev, uint64_t seq, std::string_view body) {
  unsigned char seq_be[8];
  for (int i = 0; i < 8; ++i) seq_be[i] = static_cast<unsigned char>(seq >> (56 - 8 * i));
  ChainHash out{};
  unsigned int len = 0;
  // These calls fail only when memory runs out inside OpenSSL; a zero hash then breaks the
  // chain visibly instead of passing silently.
  if (ctx_ == nullptr || EVP_DigestInit_ex(ctx_, md_, nullptr) != 1 ||
      EVP_DigestUpdate(ctx_, prev.data(), prev.size()) != 1 ||
      EVP_DigestUpdate(ctx_, seq_be, sizeof seq_be) != 1 ||
      EVP_DigestUpdate(ctx_, body.data(), body.size()) != 1 ||
      EVP_DigestFinal_ex(ctx_, out.data(), &len) != 1) {
    return ChainHash{};
  }
  return out;
}

std::string ToHex(const ChainHash& h) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(64, '0');
  for (std::size_t i = 0; i < h.size(); ++i) {
    out[2 * i] = kDigits[h[i] >> 4];
    out[2 * i + 1] = kDigits[h[i] & 15];
  }
  return out;
}

std::optional<ChainHash> FromHex(std::string_view hex) {
  if (hex.size() != 64) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  ChainHash out{};
  for (std::size_t i = 0; i < out.size(); ++i) {
    int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<unsigned char>(hi << 4 | lo);
  }
  return out;
}

std::optional<ChainHash> FromBytes(std::string_view bytes) {
  if (bytes.size() != 32) return std::nullopt;
  ChainHash out{};
  std::memcpy(out.data(), bytes.data(), out.size());
  return out;
}

std::optional<ChainHead> ParseHead(std::string_view text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  ChainHead head;
  auto [end, ec] = std::from_chars(text.data(), text.data() + colon, head.seq);
  if (ec != std::errc() || end != text.data() + colon) return std::nullopt;
  auto hash = FromHex(text.substr(colon + 1));
  if (!hash) return std::nullopt;
  if (head.seq == 0 && *hash != kGenesis) return std::nullopt;  // before any event there is only genesis
  head.hash = *hash;
  return head;
}

}  // namespace aspirasi::audit

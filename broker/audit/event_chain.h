// The audit record's hash chain: every event row stores
//
//   hash(n) = SHA-256( hash(n-1) || seq(n) as 8 bytes big-endian || body(n) )
//
// where body(n) is the stored, serialized aspirasi.v1.Event (exactly the bytes in the row) and
// hash(0) is 32 zero bytes. Editing, inserting, deleting or reordering a row breaks the link of
// that row or of the one after it; rewriting every hash from there on changes the chain head,
// which an inspector compares with a copy kept outside the server (docs/AUDIT.md).
//
// Events carry no citizen's personal content (names, handles, phone numbers, message text live
// in the ticket and reply rows), so erasing personal data never touches a chained row.
//
// Thread safety: a ChainHasher belongs to one thread; the free functions are thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

typedef struct evp_md_ctx_st EVP_MD_CTX;
typedef struct evp_md_st EVP_MD;

namespace aspirasi::audit {

using ChainHash = std::array<unsigned char, 32>;

inline constexpr ChainHash kGenesis{};  // hash(0): the link before the first event

class ChainHasher {
 public:
  ChainHasher();
  ~ChainHasher();
  ChainHasher(const ChainHasher&) = delete;
  ChainHasher& operator=(const ChainHasher&) = delete;

  // hash(n) from hash(n-1), seq(n) and the row's stored body.
  ChainHash Link(const ChainHash& prev, uint64_t seq, std::string_view body);

 private:
  EVP_MD_CTX* ctx_ = nullptr;
  EVP_MD* fetched_ = nullptr;  // fetched once: an implicit fetch per call costs as much as the hash
  const EVP_MD* md_ = nullptr;
};

// 64 lower-case hex digits.
std::string ToHex(const ChainHash& h);
// Accepts 64 hex digits in either case; nullopt otherwise.
std::optional<ChainHash> FromHex(std::string_view hex);
// A stored hash column (32 bytes); nullopt for any other length.
std::optional<ChainHash> FromBytes(std::string_view bytes);
inline std::string_view AsBytes(const ChainHash& h) {
  return {reinterpret_cast<const char*>(h.data()), h.size()};
}

// The head of a chain: the newest event's sequence number and hash (seq 0: no events yet).
struct ChainHead {
  uint64_t seq = 0;
  ChainHash hash = kGenesis;
  // "SEQ:HEX", the form `aspirasi audit verify --expect` takes and the broker logs.
  std::string ToString() const { return std::to_string(seq) + ":" + ToHex(hash); }
};
// Parses "SEQ:HEX"; nullopt when malformed. "0:<64 zeros>" (an empty chain, as logged at the first
// start) is a head too.
std::optional<ChainHead> ParseHead(std::string_view text);

}  // namespace aspirasi::audit

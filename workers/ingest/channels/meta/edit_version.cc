#include "workers/ingest/channels/meta/edit_version.h"

#include <cstdint>

namespace aspirasi::ingest::meta {

std::string TextVersion(std::string_view text) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "t";
  for (int shift = 60; shift >= 0; shift -= 4) out.push_back(kHex[(h >> shift) & 0xf]);
  return out;
}

}  // namespace aspirasi::ingest::meta

#include "common/utf8.h"

#include <cstdint>

namespace aspirasi {
namespace {

// Decodes the code point at text[*pos], advancing *pos; -1 for a malformed sequence (then *pos
// moves one byte).
int32_t Next(std::string_view text, std::size_t* pos) {
  const auto byte = [&](std::size_t i) { return static_cast<uint8_t>(text[i]); };
  uint8_t b0 = byte(*pos);
  int len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || *pos + static_cast<std::size_t>(len) > text.size()) {
    ++*pos;
    return -1;
  }
  int32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (int i = 1; i < len; ++i) {
    uint8_t b = byte(*pos + static_cast<std::size_t>(i));
    if ((b & 0xC0) != 0x80) {
      ++*pos;
      return -1;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr int32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++*pos;
    return -1;
  }
  *pos += static_cast<std::size_t>(len);
  return cp;
}

bool IsBlankCodePoint(int32_t cp) {
  switch (cp) {
    case 0x09:
    case 0x0A:
    case 0x0B:
    case 0x0C:
    case 0x0D:
    case 0x20:
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x180E:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x2060:
    case 0x3000:
    case 0xFEFF:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200D;  // the U+2000 spaces, zero-width space and joiners
  }
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (Next(text, &pos) < 0) return false;
  }
  return true;
}

bool IsBlank(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    int32_t cp = Next(text, &pos);
    if (cp < 0 || !IsBlankCodePoint(cp)) return false;
  }
  return true;
}

std::string CollapseBlanks(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t start = pos;
    int32_t cp = Next(text, &pos);
    if (cp >= 0 && IsBlankCodePoint(cp)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.append(text.substr(start, pos - start));
  }
  return out;
}

std::string MaskLongNumbers(std::string_view text, std::size_t max_bytes) {
  constexpr std::size_t kLongRun = 8;
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t run = 0;
    while (i + run < text.size() && text[i + run] >= '0' && text[i + run] <= '9') ++run;
    if (run >= kLongRun) {
      out += "\u2026";
    } else {
      out.append(text.substr(i, run == 0 ? 1 : run));
    }
    i += run == 0 ? 1 : run;
  }
  if (out.size() > max_bytes) {
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    out.resize(cut);
  }
  return out;
}

}  // namespace aspirasi

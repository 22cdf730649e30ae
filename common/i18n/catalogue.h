// The message catalogue: every sentence Aspirasi shows to people, in Bahasa Indonesia (the
// default) and English, under a stable key (docs/DESIGN.md, "One catalogue for every language").
//
//   K("desk.claimed_by")   a checked key: a key that is not in the catalogue does not compile
//   Find("desk.claimed_by") the entry for a key that came over the wire (nullptr when unknown)
//
// The entries live in catalogue_entries.h, one per key, with both languages side by side.
// Placeholders are {name} (the argument as given), {name:time} / {name:hm} (the argument is Unix
// epoch milliseconds, shown as "2026-11-22 16:25 WIB" / "16:25 WIB" in the tenant's zone), or
// {name:group} (the argument is a value named by the catalogue entry "group.<value>", e.g.
// {status:status} shows "status.NEW"; a value without an entry is shown as it is).
// The build checks that every entry has both languages and the same placeholders in each
// (static_assert in catalogue.cc); catalogue_test.cc checks it again and says which entry.
//
// Thread safety: constant data and pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/i18n/catalogue_entries.h"
#include "common/i18n/entry.h"

namespace aspirasi::i18n {

inline constexpr std::size_t kCatalogueSize = sizeof(kCatalogue) / sizeof(kCatalogue[0]);

// The key `key`; a key missing from the catalogue is a compile error at the call. Only files that
// make keys include this header (and are rebuilt when the catalogue changes).
consteval Key K(std::string_view key) {
  for (std::size_t i = 0; i < kCatalogueSize; ++i) {
    if (kCatalogue[i].key == key) return Key(kCatalogue[i].key);
  }
  throw "the key is not in common/i18n/catalogue_entries.h";
}

namespace internal {

// The i-th placeholder name of `text` ("" past the last); a '{' without its '}' yields "{".
constexpr std::string_view Placeholder(std::string_view text, int i) {
  std::size_t pos = 0;
  for (int n = 0;; ++n) {
    std::size_t open = text.find('{', pos);
    if (open == std::string_view::npos) return {};
    std::size_t close = text.find('}', open);
    if (close == std::string_view::npos) return "{";
    std::string_view name = text.substr(open + 1, close - open - 1);
    if (n == i) return name;
    pos = close + 1;
  }
}

constexpr bool Contains(std::string_view text, std::string_view placeholder) {
  for (int i = 0;; ++i) {
    std::string_view p = Placeholder(text, i);
    if (p.empty()) return false;
    if (p == placeholder) return true;
  }
}

}  // namespace internal

// Why entry `index` is not usable, or "" when it is: a language missing, a placeholder in one
// language and not the other, a '{' without '}'. (A key used twice: catalogue_test.cc.)
constexpr std::string_view EntryProblem(std::size_t index) {
  const Entry& e = kCatalogue[index];
  if (e.key.empty()) return "empty key";
  if (e.id.empty()) return "no Bahasa Indonesia text";
  if (e.en.empty()) return "no English text";
  for (int i = 0;; ++i) {
    std::string_view p = internal::Placeholder(e.id, i);
    if (p.empty()) break;
    if (p == "{") return "a '{' without '}' in the Indonesian text";
    if (!internal::Contains(e.en, p)) return "a placeholder of the Indonesian text is not in the English";
  }
  for (int i = 0;; ++i) {
    std::string_view p = internal::Placeholder(e.en, i);
    if (p.empty()) break;
    if (p == "{") return "a '{' without '}' in the English text";
    if (!internal::Contains(e.id, p)) return "a placeholder of the English text is not in the Indonesian";
  }
  return {};
}

constexpr bool CatalogueIsComplete() {
  for (std::size_t i = 0; i < kCatalogueSize; ++i) {
    if (!EntryProblem(i).empty()) return false;
  }
  return true;
}

}  // namespace aspirasi::i18n

// The catalogue's vocabulary without its contents: an entry, a checked key, a lookup by name.
// Headers include this one (cheap); files that make keys with K() include catalogue.h.
//
// Thread safety: constant data and pure functions.
#pragma once

#include <string_view>

namespace aspirasi::i18n {

struct Entry {
  std::string_view key;
  std::string_view id;  // Bahasa Indonesia
  std::string_view en;  // English
};

// A key that is known to be in the catalogue: only K() (catalogue.h) makes one.
class Key {
 public:
  constexpr std::string_view name() const { return name_; }

 private:
  friend consteval Key K(std::string_view key);
  constexpr explicit Key(std::string_view name) : name_(name) {}
  std::string_view name_;
};

consteval Key K(std::string_view key);

// The entry of a key known only at run time (from the wire); nullptr when unknown.
const Entry* Find(std::string_view key);

}  // namespace aspirasi::i18n

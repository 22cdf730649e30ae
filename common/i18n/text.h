// Localized text: a catalogue key with named arguments, rendered in the reader's language.
//
//   Text t = T(K("desk.claimed_by"), {{"ticket", number}, {"holder", who}, {"until", expires_ms}});
//   Render(Lang::kId, t)  -> "Tiket NH-2026-000042 sedang diklaim oleh budi.pupr sampai 14:05 WIB; ..."
//
// The broker sends both the key with its arguments (v1::LocalizedText) and the English rendering
// (Error.message, Event.detail); clients render the key in their user's language (--lang, LANG).
//
// Thread safety: Render and the Text functions are pure; SetDefaultZone must be called before
// other threads start (it sets the zone times are shown in when none is given).
#pragma once

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/i18n/entry.h"

namespace aspirasi::i18n {

enum class Lang : uint8_t { kId, kEn };

// "id" or "en".
std::string_view LangCode(Lang lang);

// The language asked for: `flag` (--lang) if set, else $ASPIRASI_LANG, $LC_ALL, $LC_MESSAGES,
// $LANG: a value starting with "en" is English, anything else (or nothing) Bahasa Indonesia.
// An explicit flag that is neither "id" nor "en" (or their regional forms, "en_US") is refused:
// false, with *lang unchanged.
bool ParseLang(std::string_view flag, Lang* lang);
Lang LangFromEnvironment();

// Where times are shown: the tenant's zone (WIB, WITA or WIT; Indonesia has no daylight saving).
struct Zone {
  int offset_minutes = 7 * 60;
  std::string abbrev = "WIB";
};
// The zone of an IANA name used by the tenant ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura").
Zone ZoneOf(std::string_view iana);
void SetDefaultZone(Zone zone);
const Zone& DefaultZone();

// One named argument. Integers are written in decimal (times as epoch milliseconds).
struct Arg {
  Arg(std::string_view n, std::string v) : name(n), value(std::move(v)) {}
  Arg(std::string_view n, std::string_view v) : name(n), value(v) {}
  Arg(std::string_view n, const char* v) : name(n), value(v) {}
  template <std::integral I>
  Arg(std::string_view n, I v) : name(n), value(std::to_string(v)) {}
  template <class E>
  requires std::is_enum_v<E> Arg(std::string_view n, E v)
      : name(n), value(std::to_string(static_cast<long long>(v))) {}
  std::string name;
  std::string value;
};

struct Text {
  std::string key;  // empty: no text
  std::vector<std::pair<std::string, std::string>> args;

  bool empty() const { return key.empty(); }
  // The value of argument `name` ("" when absent).
  std::string_view Get(std::string_view name) const;
};

Text T(Key key, std::initializer_list<Arg> args = {});

// The text of `text` in `lang`, placeholders filled from its arguments (a missing argument stays
// "{name}"). An unknown key renders as the key itself.
std::string Render(Lang lang, const Text& text, const Zone& zone = DefaultZone());
std::string Render(Lang lang, Key key, std::initializer_list<Arg> args = {},
                   const Zone& zone = DefaultZone());
// English, for logs and the plain-text fields of the protocol.
inline std::string English(const Text& text) { return Render(Lang::kEn, text); }

// "2026-11-22 16:25 WIB" (with_date) or "16:25 WIB"; "-" for 0.
std::string FormatTime(int64_t unix_ms, const Zone& zone, bool with_date = true);

// The whole catalogue in one language as a JSON object {key: text} (for browsers).
std::string CatalogueJson(Lang lang);

}  // namespace aspirasi::i18n

#include "common/i18n/text.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "common/i18n/catalogue.h"
#include "common/time_zone.h"

namespace aspirasi::i18n {
namespace {

Zone& MutableDefaultZone() {
  static Zone zone;
  return zone;
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// "en", "en_US.UTF-8", "EN" -> true; "id", "id_ID" -> false via *lang.
bool LangOfLocale(std::string_view value, Lang* lang) {
  std::string lower;
  for (char c : value.substr(0, 2)) lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
  bool known_form =
      value.size() == 2 ||
      (value.size() > 2 && (value[2] == '_' || value[2] == '-' || value[2] == '.' || value[2] == '@'));
  if (!known_form) return false;
  if (lower == "en")
    *lang = Lang::kEn;
  else if (lower == "id")
    *lang = Lang::kId;
  else
    return false;
  return true;
}

}  // namespace

std::string_view LangCode(Lang lang) { return lang == Lang::kEn ? "en" : "id"; }

bool ParseLang(std::string_view flag, Lang* lang) { return LangOfLocale(flag, lang); }

Lang LangFromEnvironment() {
  for (const char* var : {"ASPIRASI_LANG", "LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(var);
    if (value == nullptr || *value == '\0') continue;
    return StartsWith(value, "en") ? Lang::kEn : Lang::kId;
  }
  return Lang::kId;
}

Zone ZoneOf(std::string_view iana) {
  if (const IndonesianZone* z = FindIndonesianZone(iana)) return {z->offset_minutes, std::string(z->abbrev)};
  return {7 * 60, "WIB"};
}

void SetDefaultZone(Zone zone) { MutableDefaultZone() = std::move(zone); }
const Zone& DefaultZone() { return MutableDefaultZone(); }

std::string_view Text::Get(std::string_view name) const {
  for (const auto& [n, v] : args) {
    if (n == name) return v;
  }
  return {};
}

Text T(Key key, std::initializer_list<Arg> args) {
  Text t;
  t.key = std::string(key.name());
  t.args.reserve(args.size());
  for (const Arg& a : args) t.args.emplace_back(a.name, a.value);
  return t;
}

std::string FormatTime(int64_t unix_ms, const Zone& zone, bool with_date) {
  if (unix_ms == 0) return "-";
  std::time_t t = static_cast<std::time_t>(unix_ms / 1000 + int64_t{zone.offset_minutes} * 60);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, with_date ? "%Y-%m-%d %H:%M" : "%H:%M", &tm);
  return std::string(buf) + " " + zone.abbrev;
}

std::string Render(Lang lang, const Text& text, const Zone& zone) {
  const Entry* e = Find(text.key);
  if (e == nullptr) return text.key;
  std::string_view pattern = lang == Lang::kEn ? e->en : e->id;
  std::string out;
  out.reserve(pattern.size() + 32);
  std::size_t pos = 0;
  while (pos < pattern.size()) {
    std::size_t open = pattern.find('{', pos);
    std::size_t close = open == std::string_view::npos ? open : pattern.find('}', open);
    if (close == std::string_view::npos) {
      out.append(pattern.substr(pos));
      break;
    }
    out.append(pattern.substr(pos, open - pos));
    std::string_view spec = pattern.substr(open + 1, close - open - 1);
    std::string_view name = spec.substr(0, spec.find(':'));
    std::string_view type = spec.size() > name.size() ? spec.substr(name.size() + 1) : std::string_view();
    bool found = false;
    for (const auto& [n, v] : text.args) {
      if (n != name) continue;
      found = true;
      if (type == "time" || type == "hm") {
        char* end = nullptr;
        long long ms = std::strtoll(v.c_str(), &end, 10);
        out += (end != nullptr && *end == '\0' && !v.empty()) ? FormatTime(ms, zone, type == "time") : v;
      } else if (!type.empty()) {
        // A value named by the catalogue: {status:status} shows "status.NEW" for "NEW".
        std::string key(type);
        key.append(".").append(v);
        const Entry* named = Find(key);
        out += named == nullptr ? v : std::string(lang == Lang::kEn ? named->en : named->id);
      } else {
        out += v;
      }
      break;
    }
    if (!found) out.append(pattern.substr(open, close - open + 1));
    pos = close + 1;
  }
  return out;
}

std::string Render(Lang lang, Key key, std::initializer_list<Arg> args, const Zone& zone) {
  return Render(lang, T(key, args), zone);
}

std::string CatalogueJson(Lang lang) {
  std::string out = "{";
  bool first = true;
  auto quote = [&](std::string_view s) {
    out.push_back('"');
    for (char c : s) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
          } else {
            out.push_back(c);
          }
      }
    }
    out.push_back('"');
  };
  for (const Entry& e : kCatalogue) {
    if (!first) out.push_back(',');
    first = false;
    quote(e.key);
    out.push_back(':');
    quote(lang == Lang::kEn ? e.en : e.id);
  }
  out.push_back('}');
  return out;
}

}  // namespace aspirasi::i18n

// Indonesia's time zones: the one table every part of Aspirasi uses (the configuration's
// [tenant] timezone and [sla.calendar] timezone, the SLA calendars, ticket numbers' year, the times
// people read). Indonesia keeps no daylight saving time, so a zone is a fixed offset.
//
// Thread safety: constant data, pure functions.
#pragma once

#include <string>
#include <string_view>

namespace aspirasi {

struct IndonesianZone {
  std::string_view iana;    // "Asia/Jakarta"
  int offset_minutes;       // east of UTC
  std::string_view abbrev;  // "WIB", as Indonesians write times
};

// Asia/Pontianak (West Kalimantan) is WIB too.
inline constexpr IndonesianZone kIndonesianZones[] = {
    {"Asia/Jakarta", 7 * 60, "WIB"},
    {"Asia/Pontianak", 7 * 60, "WIB"},
    {"Asia/Makassar", 8 * 60, "WITA"},
    {"Asia/Jayapura", 9 * 60, "WIT"},
};

// The zone of an IANA name, or nullptr for any other name.
constexpr const IndonesianZone* FindIndonesianZone(std::string_view iana) {
  for (const auto& z : kIndonesianZones) {
    if (z.iana == iana) return &z;
  }
  return nullptr;
}

// For messages: "Asia/Jakarta (WIB), Asia/Pontianak (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)".
inline std::string IndonesianZoneNames() {
  std::string out;
  constexpr std::size_t n = std::size(kIndonesianZones);
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) out += i + 1 == n ? " or " : ", ";
    out += std::string(kIndonesianZones[i].iana) + " (" + std::string(kIndonesianZones[i].abbrev) + ")";
  }
  return out;
}

}  // namespace aspirasi

// Holidays: national holidays (libur nasional) and cuti bersama, one TOML file per year.
//
// File shape (deploy/calendars/2026.toml; the name must be the year):
//   year = 2026
//   source = "SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB No. ..."
//   [[day]]
//   date = 2026-01-01              # a TOML local date, or the string "2026-01-01"
//   name = "Tahun Baru 2026 Masehi"
//   kind = "libur"                 # or "cuti_bersama"
// Every key is required and no other key is allowed. Dates must be of the file's year, each at
// most once. Errors are CONFIG_INVALID; the field names the key ("day[3].date") and the message
// names the file and line ("calendars/2025.toml:41: day[3].date: ...").
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace aspirasi::sla {

enum class HolidayKind : uint8_t { kLibur, kCutiBersama };

struct Holiday {
  int64_t day = 0;  // local date, civil_day.h
  std::string name;
  HolidayKind kind = HolidayKind::kLibur;
};

struct HolidayYear {
  int year = 0;
  std::string source;
  std::vector<Holiday> days;  // sorted by date
};

// Parses one year file. `file_name` is used in messages and must be "YYYY.toml" (any folder).
Result<HolidayYear> ParseHolidayFile(std::string_view toml_text, std::string_view file_name);

// A holiday folder: its days, and the years it has a file for (a year without holidays is still
// covered when its file lists none; a year without a file is not known at all).
struct HolidayCalendar {
  std::vector<Holiday> days;  // sorted by date
  std::vector<int> years;     // sorted
};

// Reads every *.toml in `dir` (other files are ignored). A missing or unreadable folder: IO_ERROR.
Result<HolidayCalendar> LoadHolidayDir(const std::string& dir);

// The last year Y such that `years` has every year from `from` to Y; from - 1 when it lacks `from`.
int CoveredThrough(const std::vector<int>& years, int from);

// The dates alone, for Calendar::Create.
std::vector<int64_t> DayNumbers(const std::vector<Holiday>& holidays);

}  // namespace aspirasi::sla

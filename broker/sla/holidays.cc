#include "broker/sla/holidays.h"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "broker/sla/civil_day.h"

namespace aspirasi::sla {
namespace {

Status FileError(std::string_view file, const toml::node* node, const std::string& key,
                 const std::string& what) {
  std::string where(file);
  if (node != nullptr && node->source().begin.line > 0)
    where += ":" + std::to_string(node->source().begin.line);
  return Status::ConfigInvalid(key, where + ": " + key + ": " + what);
}

// The year a file name claims: "2025.toml" -> 2025, else 0.
int YearOfFileName(std::string_view file_name) {
  std::string base = std::filesystem::path(std::string(file_name)).filename().string();
  if (base.size() != 9 || base.substr(4) != ".toml") return 0;
  int year = 0;
  for (int i = 0; i < 4; ++i) {
    if (base[static_cast<std::size_t>(i)] < '0' || base[static_cast<std::size_t>(i)] > '9') return 0;
    year = year * 10 + (base[static_cast<std::size_t>(i)] - '0');
  }
  return year;
}

Result<int64_t> ReadDate(std::string_view file, const toml::node* node, const std::string& key) {
  if (node == nullptr) return FileError(file, nullptr, key, "is required");
  if (const auto* d = node->as_date()) {
    const toml::date& v = d->get();
    if (!IsValidDate(v.year, v.month, v.day)) return FileError(file, node, key, "is not a valid date");
    return DayNumber(v.year, v.month, v.day);
  }
  if (const auto* s = node->as_string()) {
    if (auto day = ParseDay(s->get())) return *day;
    return FileError(file, node, key, "\"" + s->get() + "\" is not a valid date (YYYY-MM-DD)");
  }
  return FileError(file, node, key, "must be a date, e.g. 2025-01-01");
}

Result<std::string> ReadText(std::string_view file, const toml::table& t, std::string_view name,
                             const std::string& key) {
  const toml::node* node = t.get(name);
  if (node == nullptr) return FileError(file, &t, key, "is required");
  const auto* s = node->as_string();
  if (s == nullptr || s->get().empty()) return FileError(file, node, key, "must be a non-empty string");
  return s->get();
}

Status OnlyKeys(std::string_view file, const toml::table& t, std::initializer_list<std::string_view> known,
                const std::string& prefix) {
  for (const auto& [k, v] : t) {
    if (std::find(known.begin(), known.end(), k.str()) == known.end()) {
      return FileError(file, &v, prefix + std::string(k.str()), "is not a known key");
    }
  }
  return Status::Ok();
}

Status ParseEntry(std::string_view file, const toml::table& t, const std::string& key, int year,
                  Holiday* out) {
  if (auto s = OnlyKeys(file, t, {"date", "name", "kind"}, key + "."); !s.ok()) return s;
  auto day = ReadDate(file, t.get("date"), key + ".date");
  if (!day.ok()) return day.status();
  out->day = *day;
  if (FormatDay(out->day).substr(0, 4) != std::to_string(year)) {
    return FileError(file, t.get("date"), key + ".date",
                     FormatDay(out->day) + " is not in " + std::to_string(year));
  }
  auto name = ReadText(file, t, "name", key + ".name");
  if (!name.ok()) return name.status();
  out->name = *name;
  auto kind = ReadText(file, t, "kind", key + ".kind");
  if (!kind.ok()) return kind.status();
  if (*kind == "libur") {
    out->kind = HolidayKind::kLibur;
  } else if (*kind == "cuti_bersama") {
    out->kind = HolidayKind::kCutiBersama;
  } else {
    return FileError(file, t.get("kind"), key + ".kind",
                     "must be \"libur\" or \"cuti_bersama\", got \"" + *kind + "\"");
  }
  return Status::Ok();
}

}  // namespace

Result<HolidayYear> ParseHolidayFile(std::string_view toml_text, std::string_view file_name) {
  int file_year = YearOfFileName(file_name);
  if (file_year == 0) {
    return Status::ConfigInvalid(std::string(file_name),
                                 std::string(file_name) + ": a holiday file must be named YYYY.toml");
  }
  toml::table root;
  try {
    root = toml::parse(toml_text, std::string(file_name));
  } catch (const toml::parse_error& e) {
    return Status::ConfigInvalid(std::string(file_name), std::string(file_name) + ":" +
                                                             std::to_string(e.source().begin.line) + ": " +
                                                             std::string(e.description()));
  }
  if (auto s = OnlyKeys(file_name, root, {"year", "source", "day"}, ""); !s.ok()) return s;
  HolidayYear out;
  const toml::node* year = root.get("year");
  if (year == nullptr || !year->is_integer()) return FileError(file_name, year, "year", "must be an integer");
  out.year = static_cast<int>(year->as_integer()->get());
  if (out.year != file_year) {
    return FileError(file_name, year, "year", std::to_string(out.year) + " does not match the file name");
  }
  auto source = ReadText(file_name, root, "source", "source");
  if (!source.ok()) return source.status();
  out.source = *source;
  const toml::node* days = root.get("day");
  const toml::array* arr = days == nullptr ? nullptr : days->as_array();
  if (arr == nullptr || !arr->is_array_of_tables()) {
    return FileError(file_name, days, "day", "must be an array of tables ([[day]])");
  }
  std::map<int64_t, std::size_t> seen;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    std::string key = "day[" + std::to_string(i) + "]";
    Holiday h;
    if (auto s = ParseEntry(file_name, *arr->get(i)->as_table(), key, out.year, &h); !s.ok()) return s;
    auto [it, fresh] = seen.emplace(h.day, i);
    if (!fresh) {
      return FileError(file_name, arr->get(i)->as_table()->get("date"), key + ".date",
                       FormatDay(h.day) + " is listed twice (also day[" + std::to_string(it->second) + "])");
    }
    out.days.push_back(std::move(h));
  }
  std::sort(out.days.begin(), out.days.end(),
            [](const Holiday& a, const Holiday& b) { return a.day < b.day; });
  return out;
}

Result<HolidayCalendar> LoadHolidayDir(const std::string& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  if (ec) return Status::Io("cannot read the holiday folder " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  HolidayCalendar out;
  std::vector<Holiday>& all = out.days;
  for (const auto& path : files) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) return Status::Io("cannot read " + path.string());
    auto year = ParseHolidayFile(text.str(), path.string());
    if (!year.ok()) return year.status();
    for (auto& h : year->days) all.push_back(std::move(h));
    out.years.push_back(year->year);
  }
  std::sort(all.begin(), all.end(), [](const Holiday& a, const Holiday& b) { return a.day < b.day; });
  std::sort(out.years.begin(), out.years.end());
  return out;
}

int CoveredThrough(const std::vector<int>& years, int from) {
  int through = from - 1;
  while (std::binary_search(years.begin(), years.end(), through + 1)) ++through;
  return through;
}

std::vector<int64_t> DayNumbers(const std::vector<Holiday>& holidays) {
  std::vector<int64_t> out;
  out.reserve(holidays.size());
  for (const auto& h : holidays) out.push_back(h.day);
  return out;
}

}  // namespace aspirasi::sla

#include "clients/cli/table.h"

#include <algorithm>

namespace aspirasi::cli {

std::size_t DisplayWidth(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void Table::Print(std::ostream& out) const {
  std::vector<std::size_t> width(headers_.size(), 0);
  auto cell = [](const std::vector<std::string>& row, std::size_t i) -> std::string {
    return i < row.size() && !row[i].empty() ? row[i] : "-";
  };
  for (std::size_t i = 0; i < headers_.size(); ++i) {
    width[i] = DisplayWidth(headers_[i]);
    for (const auto& row : rows_) width[i] = std::max(width[i], DisplayWidth(cell(row, i)));
  }
  auto print_row = [&](const std::vector<std::string>& row, bool header) {
    std::string line;
    for (std::size_t i = 0; i < headers_.size(); ++i) {
      std::string c = header ? headers_[i] : cell(row, i);
      line += c;
      if (i + 1 < headers_.size()) line.append(width[i] - DisplayWidth(c) + 2, ' ');
    }
    out << line << "\n";
  };
  print_row(headers_, true);
  for (const auto& row : rows_) print_row(row, false);
}

}  // namespace aspirasi::cli

// Table: plain text columns aligned with spaces, for terminals and grep. Widths count UTF-8
// characters, not bytes. Empty cells print as "-".
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace aspirasi::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  void AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  std::size_t rows() const { return rows_.size(); }
  // Two spaces between columns; the last column is not padded.
  void Print(std::ostream& out) const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

// The number of characters (UTF-8 code points) in s.
std::size_t DisplayWidth(const std::string& s);

}  // namespace aspirasi::cli

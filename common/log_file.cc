#include "common/log_file.h"

namespace aspirasi {

std::string LogFileOf(const std::string& file, const std::string& process) {
  const std::string mark = "{process}";
  std::string out = file;
  for (auto at = out.find(mark); at != std::string::npos; at = out.find(mark, at + process.size()))
    out.replace(at, mark.size(), process);
  return out;
}

}  // namespace aspirasi

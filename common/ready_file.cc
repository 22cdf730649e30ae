#include "common/ready_file.h"

#include <cstdio>
#include <fstream>

namespace aspirasi {

Status WriteReadyFile(const std::string& path, const std::map<std::string, std::string>& values) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    for (const auto& [key, value] : values) out << key << '=' << value << '\n';
    out.flush();
    if (!out) return Status::Io("cannot write the ready file " + tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return Status::Io("cannot write the ready file " + path);
  return Status::Ok();
}

Result<std::map<std::string, std::string>> ReadReadyFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::Io("cannot read the ready file " + path);
  std::map<std::string, std::string> values;
  for (std::string line; std::getline(in, line);) {
    auto eq = line.find('=');
    if (eq == std::string::npos || eq == 0) continue;
    values[line.substr(0, eq)] = line.substr(eq + 1);
  }
  if (values.empty()) return Status::Io("the ready file " + path + " holds no key=value line");
  return values;
}

}  // namespace aspirasi

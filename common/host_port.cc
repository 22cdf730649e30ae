#include "common/host_port.h"

namespace aspirasi {

bool SplitListen(const std::string& listen, std::string* host, int* port) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  std::string digits = listen.substr(colon + 1);
  if (digits.empty() || digits.size() > 5) return false;
  for (char ch : digits) {
    if (ch < '0' || ch > '9') return false;
  }
  int p = std::stoi(digits);
  if (p > 65535) return false;
  *host = listen.substr(0, colon);
  *port = p;
  return true;
}

}  // namespace aspirasi

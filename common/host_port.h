// "host:port" as the configuration and the command lines write a listening address.
#pragma once

#include <string>

namespace aspirasi {

// Splits "host:port" (the last ':'; a port from 0 to 65535, 0 = any free port). False when it is
// not of that form; *host and *port are then unchanged.
bool SplitListen(const std::string& listen, std::string* host, int* port);

}  // namespace aspirasi

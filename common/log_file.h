// Where a process logs when the configuration names a file ([logging] file).
#pragma once

#include <string>

namespace aspirasi {

// The file `file` names for `process`: each "{process}" replaced ("/var/log/aspirasi/{process}.log" ->
// ".../aspirasid.log"), so that processes sharing one configuration each write a file of their own.
std::string LogFileOf(const std::string& file, const std::string& process);

}  // namespace aspirasi

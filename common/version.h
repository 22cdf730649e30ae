// The version every program reports (`--version`, the broker's pong, the build-info metric). The
// top-level CMakeLists.txt refuses to configure when its project VERSION says otherwise.
#pragma once

#include <string>
#include <string_view>

#include "common/metrics.h"

namespace aspirasi {

inline constexpr std::string_view kVersion = "0.1.0";
inline constexpr std::string_view kProtocolPackage = "aspirasi.v1";

// "<program> 0.1.0 (aspirasi.v1)".
inline std::string VersionLine(std::string_view program) {
  return std::string(program) + " " + std::string(kVersion) + " (" + std::string(kProtocolPackage) + ")";
}

// aspirasi_build_info{program,version,protocol} 1: which release each process runs (for upgrades and
// alerts on a mix of versions).
inline void SetBuildInfo(Metrics& metrics, std::string_view program) {
  metrics.SetInfo("aspirasi_build_info", "The running release and the wire protocol it speaks",
                  "program=\"" + std::string(program) + "\",version=\"" + std::string(kVersion) +
                      "\",protocol=\"" + std::string(kProtocolPackage) + "\"");
}

}  // namespace aspirasi

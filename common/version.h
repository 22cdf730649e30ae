// The version every program reports (`--version`, the broker's pong, the build-info metric). The
// top-level CMakeLists.txt refuses to configure when its project VERSION says otherwise.
#pragma once

#include <string>
#include <string_view>

namespace aspirasi {

inline constexpr std::string_view kVersion = "0.1.0";
inline constexpr std::string_view kProtocolPackage = "aspirasi.v1";

// "<program> 0.1.0 (aspirasi.v1)".
inline std::string VersionLine(std::string_view program) {
  return std::string(program) + " " + std::string(kVersion) + " (" + std::string(kProtocolPackage) + ")";
}

}  // namespace aspirasi

// Every program's command line behaves the same way (docs/OPERATIONS.md, "Exit codes"): `--help` and
// `--version` print to stdout and exit 0; a command line that cannot be used prints what is wrong and
// where to find the usage to stderr and exits 2, like a configuration error.
//
// Header-only: each program links CLI11 itself.
#pragma once

#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>

#include "common/version.h"

namespace aspirasi {

inline constexpr int kExitUsage = 2;

// Adds `--version` ("<app name> 0.1.0 (aspirasi.v1)"). Call after app.name(...).
inline void AddVersionFlag(CLI::App& app) {
  app.set_version_flag("--version", VersionLine(app.get_name()), "print the version and exit");
}

// Parses; nullopt when the program goes on, else the exit code (0 after --help or --version).
inline std::optional<int> ParseCommandLine(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version: printed to stdout
    std::cerr << app.get_name() << ": " << e.what() << "\nRun '" << app.get_name()
              << " --help' for the usage.\n";
    return kExitUsage;
  }
  return std::nullopt;
}

}  // namespace aspirasi

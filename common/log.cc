#include "common/log.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <mutex>
#include <vector>

namespace aspirasi {
namespace {

std::mutex g_mu;
std::vector<spdlog::sink_ptr> g_sinks;
spdlog::level::level_enum g_level = spdlog::level::info;
std::string g_pattern = "%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ aspirasi [%n] %v";

std::vector<spdlog::sink_ptr>& Sinks() {
  if (g_sinks.empty()) g_sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  return g_sinks;
}

}  // namespace

bool InitLogging(const LogOptions& options) {
  std::lock_guard lock(g_mu);
  auto level = spdlog::level::from_str(options.level);
  bool valid = level != spdlog::level::off || options.level == "off";
  if (valid) g_level = level;
  g_pattern = "%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ " + options.process + " [%n] %v";
  g_sinks.clear();
  Sinks();
  if (!options.file.empty()) {
    g_sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(options.file));
  }
  spdlog::drop_all();
  if (!valid) {
    ModuleLogger("log")->error("unknown log level '{}', using info", options.level);
  }
  return valid;
}

std::shared_ptr<spdlog::logger> ModuleLogger(std::string_view module) {
  std::lock_guard lock(g_mu);
  std::string name(module);
  if (auto existing = spdlog::get(name)) return existing;
  auto& sinks = Sinks();
  auto logger = std::make_shared<spdlog::logger>(name, sinks.begin(), sinks.end());
  logger->set_level(g_level);
  logger->set_pattern(g_pattern);
  logger->flush_on(spdlog::level::warn);
  spdlog::register_logger(logger);
  return logger;
}

}  // namespace aspirasi

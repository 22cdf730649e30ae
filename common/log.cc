#include "common/log.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <chrono>
#include <mutex>
#include <vector>

#include "common/log_limit.h"

namespace aspirasi {
namespace {

std::mutex g_mu;
std::vector<spdlog::sink_ptr> g_sinks;  // one LimitingSink in front of stderr and the log file
std::shared_ptr<LimitingSink> g_limit;
spdlog::level::level_enum g_level = spdlog::level::info;
std::string g_pattern = "%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ aspirasi [%n] %v";

std::vector<spdlog::sink_ptr>& Sinks(const std::string& file = {}) {
  if (g_sinks.empty()) {
    std::vector<spdlog::sink_ptr> out{std::make_shared<spdlog::sinks::stderr_color_sink_mt>()};
    if (!file.empty()) out.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(file));
    g_limit = std::make_shared<LimitingSink>(std::move(out));
    g_sinks.push_back(g_limit);
  }
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
  if (g_limit) g_limit->CountInto(nullptr);
  g_limit.reset();
  Sinks(options.file);
  spdlog::drop_all();
  // Held-back warnings are summed up within a second of their window's end, even if nothing follows.
  spdlog::flush_every(std::chrono::seconds(1));
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

void CountLogLines(Metrics* metrics) {
  std::lock_guard lock(g_mu);
  Sinks();
  g_limit->CountInto(metrics);
}

}  // namespace aspirasi

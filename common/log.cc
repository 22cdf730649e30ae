#include "common/log.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <chrono>
#include <mutex>
#include <vector>

#include "common/log_file.h"
#include "common/log_limit.h"

namespace aspirasi {
namespace {

std::mutex g_mu;
std::vector<spdlog::sink_ptr> g_sinks;  // one LimitingSink in front of stderr and the log file
std::shared_ptr<LimitingSink> g_limit;
spdlog::level::level_enum g_level = spdlog::level::info;
std::string g_pattern = "%Y-%m-%dT%H:%M:%S.%e%z %^%-5l%$ aspirasi [%n] %v";

std::vector<spdlog::sink_ptr>& Sinks() {
  if (g_sinks.empty()) {
    g_limit = std::make_shared<LimitingSink>(
        std::vector<spdlog::sink_ptr>{std::make_shared<spdlog::sinks::stderr_color_sink_mt>()});
    g_sinks.push_back(g_limit);
  }
  return g_sinks;
}

}  // namespace

Status InitLogging(const LogOptions& options) {
  Status result;
  {
    std::lock_guard lock(g_mu);
    g_pattern = "%Y-%m-%dT%H:%M:%S.%e%z %^%-5l%$ " + options.process + " [%n] %v";
    auto level = spdlog::level::from_str(options.level);
    if (level == spdlog::level::off && options.level != "off") {
      result = Status::InvalidArgument(
          "log level", "unknown log level '" + options.level + "' (trace, debug, info, warn, error, off)");
    }
    std::vector<spdlog::sink_ptr> out{std::make_shared<spdlog::sinks::stderr_color_sink_mt>()};
    if (result.ok() && !options.file.empty()) {
      const std::string file = LogFileOf(options.file, options.process);
      try {
        out.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(file));
      } catch (const spdlog::spdlog_ex& e) {
        result = Status::Io("cannot open the log file " + file + ": " + e.what());
      }
    }
    if (result.ok()) {
      g_level = level;
      if (g_limit) g_limit->CountInto(nullptr);
      g_sinks.clear();
      g_limit = std::make_shared<LimitingSink>(std::move(out));
      g_sinks.push_back(g_limit);
    }
    Sinks();
    spdlog::drop_all();
  }
  // Held-back warnings are summed up within a second of their window's end, even if nothing follows.
  spdlog::flush_every(std::chrono::seconds(1));
  return result;
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

// keygen: a CURVE key pair for an identity (common/curve_keys.h). Needs no broker.
#include <filesystem>
#include <nlohmann/json.hpp>

#include "clients/cli/commands.h"
#include "common/curve_keys.h"
#include "common/i18n/catalogue.h"

namespace aspirasi::cli {

int RunKeygen(const CliContext& ctx, const std::string& dir, const std::string& name) {
  auto pair = GenerateCurveKeyPair();
  if (!pair.ok()) return Fail(ctx, "", pair.status());
  Status written = WriteCurveKeyPair(dir, name, *pair);
  if (written.code() == v1::INVALID_ARGUMENT) return UsageError(ctx, written);
  if (!written.ok()) return Fail(ctx, "", written);
  const std::string base = (std::filesystem::path(dir) / name).string();
  if (ctx.json) {
    nlohmann::json j = {{"name", name},
                        {"public_key", pair->public_key},
                        {"public_file", base + ".key"},
                        {"secret_file", base + ".key_secret"}};
    *ctx.out << j.dump() << "\n";
  } else {
    *ctx.out << Tr(ctx, i18n::K("cli.keygen.done"),
                   {{"name", name},
                    {"public", pair->public_key},
                    {"public_file", base + ".key"},
                    {"secret_file", base + ".key_secret"}})
             << "\n";
  }
  return kExitOk;
}

}  // namespace aspirasi::cli

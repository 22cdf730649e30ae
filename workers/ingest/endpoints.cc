#include "workers/ingest/endpoints.h"

#include <filesystem>

namespace aspirasi::ingest {
namespace {

std::string Join(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += "\n";
    out += v;
  }
  return out;
}

bool IsPlatform(std::string_view name) {
  for (auto p : kPlatformChannels) {
    if (p == name) return true;
  }
  return false;
}

// Options named "*_path" are files: relative ones are relative to the configuration file's folder.
void ResolvePaths(std::map<std::string, std::string>& options, const std::string& config_path) {
  for (auto& [key, value] : options) {
    if (key.size() < 5 || key.compare(key.size() - 5, 5, "_path") != 0 || value.empty()) continue;
    std::filesystem::path p(value);
    if (p.is_absolute() || config_path.empty()) continue;
    value = (std::filesystem::path(config_path).parent_path() / p).lexically_normal().string();
  }
}

std::string Registered(const ChannelRegistry& registry) {
  std::string out;
  for (const auto& info : registry.List()) out += (out.empty() ? "" : ", ") + info.name;
  return out;
}

}  // namespace

std::map<std::string, std::string> ChannelOptions(const ChannelConfig& c) {
  std::map<std::string, std::string> o = {{"items", c.items},
                                          {"item_id", c.item_id},
                                          {"text", c.text},
                                          {"author_id", c.author_id},
                                          {"author_name", c.author_name},
                                          {"author_handle", c.author_handle},
                                          {"time", c.time},
                                          {"thread", c.thread},
                                          {"parent", c.parent},
                                          {"conversation", c.conversation},
                                          {"category", c.category},
                                          {"attachment_urls", c.attachment_urls},
                                          {"action", c.action},
                                          {"version", c.version},
                                          {"kind", c.kind},
                                          {"public", c.public_item ? "true" : "false"},
                                          {"signature_header", c.signature_header},
                                          {"signature_prefix", c.signature_prefix},
                                          {"signature_encoding", c.signature_encoding},
                                          {"update_values", Join(c.update_values)},
                                          {"withdraw_values", Join(c.withdraw_values)},
                                          {"ignore_values", Join(c.ignore_values)}};
  return o;
}

Result<Endpoints> Endpoints::Build(const Config& config, const ChannelRegistry& registry,
                                   const EnvLookup& env) {
  Endpoints out;
  for (std::size_t i = 0; i < config.channels.size(); ++i) {
    const ChannelConfig& c = config.channels[i];
    std::string key = "channel[" + std::to_string(i) + "]";
    if (registry.Find(c.name) != nullptr) {
      return Status::ConfigInvalid(
          key + ".name", key + ".name: '" + c.name + "' is a built-in channel; choose another name");
    }
    if (registry.Find(c.type) == nullptr) {
      return Status::ConfigInvalid(key + ".type",
                                   key + ".type: '" + c.type + "' is not a channel of this build");
    }
  }

  // Secrets that cannot be read are all said at once (an operator fixes the environment file in
  // one go, not one run per secret); the first one's key is the error's field.
  Status secrets;
  std::string secret_problems;
  auto secret_problem = [&](const Status& s) {
    if (secrets.ok()) secrets = s;
    secret_problems += (secret_problems.empty() ? "" : "; ") + s.message();
  };
  for (std::size_t i = 0; i < config.accounts.size(); ++i) {
    const AccountConfig& a = config.accounts[i];
    std::string key = "account[" + std::to_string(i) + "]";
    Endpoint e;
    e.config_key = key;
    e.account.channel = a.channel;
    e.account.id = a.id;
    e.account.own_ids = a.own_ids;
    e.account.verify_token = a.verify_token;
    e.account.opd = a.opd;
    e.account.options = a.options;
    ResolvePaths(e.account.options, config.source_path);
    e.body_limit_bytes = a.body_limit_bytes > 0 ? a.body_limit_bytes : config.ingest.body_limit_bytes;

    std::string implementation = a.channel;
    bool signed_source = true;
    if (const ChannelConfig* c = config.FindChannel(a.channel)) {
      implementation = c->type;
      for (auto& [k, v] : ChannelOptions(*c)) e.account.options.emplace(k, v);  // account options win
      signed_source = !c->signature_header.empty();
    }
    e.channel = registry.Find(implementation);
    if (e.channel == nullptr) {
      if (IsPlatform(a.channel)) {
        out.disabled_.push_back(a.channel + "/" + a.id);
        continue;
      }
      return Status::ConfigInvalid(key + ".channel", key + ".channel: '" + a.channel +
                                                         "' is neither a channel of this build (" +
                                                         Registered(registry) + ") nor a [[channel]]");
    }
    for (const auto& info : registry.List()) {
      if (info.name == implementation) e.info = info;
    }
    auto secret = ReadAccountSecret(a, key, env);
    if (!secret.ok()) {
      secret_problem(secret.status());
      continue;
    }
    e.account.secret = *secret;
    if (e.account.secret.empty() && e.info.transport == "webhook" && signed_source) {
      secret_problem(
          Status::ConfigInvalid(key + ".secret_env", key + ": a " + a.channel +
                                                         " account needs its signing secret (secret_env or "
                                                         "secret_file), else no request could be verified"));
      continue;
    }
    out.max_body_limit_ = std::max(out.max_body_limit_, e.body_limit_bytes);
    out.endpoints_.push_back(std::move(e));
  }
  if (!secrets.ok()) return Status::ConfigInvalid(secrets.field(), secret_problems);
  if (out.max_body_limit_ == 0) out.max_body_limit_ = config.ingest.body_limit_bytes;
  return out;
}

const Endpoint* Endpoints::Find(std::string_view channel, std::string_view account) const {
  for (const auto& e : endpoints_) {
    if (e.account.channel == channel && e.account.id == account) return &e;
  }
  return nullptr;
}

}  // namespace aspirasi::ingest

#include "workers/ingest/channels/meta/testing/fixtures.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <vector>

#include "workers/ingest/channels/meta/testing/broker_model.h"

namespace aspirasi::ingest::meta::testing {
namespace {

int Count(const nlohmann::json& counts, const char* name) {
  auto it = counts.find(name);
  return it == counts.end() ? 0 : it->get<int>();
}

}  // namespace

std::string ReadTestdata(std::string_view channel, std::string_view name) {
  return ReadFileBytes(std::filesystem::path(ASPIRASI_SOURCE_DIR) / "workers/ingest/channels" /
                       std::string(channel) / "testdata" / std::string(name));
}

ParseResult ParseTestdata(const Channel& channel, std::string_view channel_dir, std::string_view file,
                          const AccountContext& account) {
  auto r = channel.Parse(ReadTestdata(channel_dir, file), account);
  if (!r.ok()) {
    ADD_FAILURE() << file << ": " << r.status().ToString();
    return {};
  }
  return std::move(r).value();
}

std::optional<std::filesystem::path> SharedFixturesDir() {
  std::filesystem::path dir =
      std::filesystem::path(ASPIRASI_SOURCE_DIR) / ".." / "shared" / "fixtures" / "channels";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return std::nullopt;
  return dir;
}

void ExpectSharedFixturesAgree(const Channel& channel, std::string_view platform, AccountContext account) {
  auto dir = SharedFixturesDir();
  ASSERT_TRUE(dir.has_value());
  nlohmann::json expected = nlohmann::json::parse(ReadFileBytes(*dir / "expected.json"));
  nlohmann::json signatures = nlohmann::json::parse(ReadFileBytes(*dir / "signatures.json"));
  const nlohmann::json& platform_sigs = signatures.at("platforms").at(std::string(platform));
  account.secret = platform_sigs.at("app_secret").get<std::string>();
  const std::string header = platform_sigs.at("header").get<std::string>();

  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(*dir / std::string(platform))) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());

  BrokerModel model;
  for (const auto& path : files) {
    const std::string name = path.filename().string();
    SCOPED_TRACE(std::string(platform) + "/" + name);
    FakeRequest req;
    req.body = ReadFileBytes(path);
    req.Header(header, platform_sigs.at("files").at(name).get<std::string>());
    EXPECT_TRUE(channel.Verify(req.View(), account).ok());
    AccountContext other = account;
    other.secret = "not-the-app-secret";
    EXPECT_EQ(channel.Verify(req.View(), other).code(), v1::PERMISSION_DENIED);

    auto parsed = channel.Parse(req.body, account);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    const nlohmann::json& counts = expected.at(std::string(platform) + "/" + name).at("counts");
    EXPECT_EQ(parsed->ignored, Count(counts, "ignored"));

    int creates = 0, updates = 0, withdraws = 0;
    OutcomeCounts outcomes;
    for (const auto& s : parsed->submits) {
      EXPECT_FALSE(s.idempotency_key().empty());
      EXPECT_EQ(s.draft().channel(), platform);
      EXPECT_FALSE(s.draft().account().empty());
      creates += s.action() == v1::CREATE;
      updates += s.action() == v1::UPDATE;
      withdraws += s.action() == v1::WITHDRAW;
      outcomes.Add(model.Apply(s));
    }
    EXPECT_EQ(creates, Count(counts, "new") + Count(counts, "appended") + Count(counts, "duplicates"));
    EXPECT_EQ(updates, Count(counts, "updated"));
    EXPECT_EQ(withdraws, Count(counts, "withdrawn"));
    EXPECT_EQ(outcomes.created, Count(counts, "new"));
    EXPECT_EQ(outcomes.appended, Count(counts, "appended"));
    EXPECT_EQ(outcomes.duplicates, Count(counts, "duplicates"));
    EXPECT_EQ(outcomes.updated, Count(counts, "updated"));
    EXPECT_EQ(outcomes.withdrawn, Count(counts, "withdrawn"));
    EXPECT_EQ(outcomes.tombstoned, 0);
  }
}

}  // namespace aspirasi::ingest::meta::testing

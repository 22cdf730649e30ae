// Test support for the Meta channel tests: exact-byte file reads, fake HTTP requests, and the replay
// of the shared recorded-style fixtures (../shared/fixtures/channels beside the repository, absent
// in a user's clone) against expected.json and signatures.json.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "workers/ingest/channel.h"
#include "workers/ingest/testing/channel_testing.h"

namespace aspirasi::ingest::meta::testing {

using channel_testing::FakeRequest;
using channel_testing::ReadFileBytes;

// <source dir>/workers/ingest/channels/<channel>/testdata/<name>
std::string ReadTestdata(std::string_view channel, std::string_view name);

// Parses testdata/<file> of `channel_dir` with `channel`; ADD_FAILURE (and an empty result) on error.
ParseResult ParseTestdata(const Channel& channel, std::string_view channel_dir, std::string_view file,
                          const AccountContext& account);

// <source dir>/../shared/fixtures/channels when it exists.
std::optional<std::filesystem::path> SharedFixturesDir();

// For every shared fixture of `platform` (file-name order, one modelled store for the folder):
// Verify accepts the recorded X-Hub-Signature-256 with the secret of signatures.json and rejects
// it under another secret; Parse succeeds; `ignored` equals the expected count; the CREATE /
// UPDATE / WITHDRAW counts agree with new+appended+duplicates / updated / withdrawn; and the
// BrokerModel's outcomes equal the expected counts. `account.secret` is taken from the fixtures.
void ExpectSharedFixturesAgree(const Channel& channel, std::string_view platform, AccountContext account);

}  // namespace aspirasi::ingest::meta::testing

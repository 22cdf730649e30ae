// Test support for the Meta channel tests: exact-byte file reads, fake HTTP requests, and the replay
// of the shared recorded-style fixtures (../shared/fixtures/channels beside the repository, absent
// in a user's clone) against expected.json and signatures.json.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "workers/ingest/channel.h"

namespace aspirasi::ingest::meta::testing {

// The exact bytes of a file; ADD_FAILURE and "" when it cannot be read.
std::string ReadFileBytes(const std::filesystem::path& path);
// <source dir>/workers/ingest/channels/<channel>/testdata/<name>
std::string ReadTestdata(std::string_view channel, std::string_view name);

// Parses testdata/<file> of `channel_dir` with `channel`; ADD_FAILURE (and an empty result) on error.
ParseResult ParseTestdata(const Channel& channel, std::string_view channel_dir, std::string_view file,
                          const AccountContext& account);

// An HTTP request for Channel::Verify / Handshake; header names are case-insensitive.
struct FakeRequest {
  std::string method = "POST";
  std::map<std::string, std::string> headers;  // keys lower-case
  std::map<std::string, std::string> query;
  std::string body;

  FakeRequest& Header(std::string name, std::string value);
  // REQUIRES: *this outlives the view.
  HttpRequestView View() const;
};

// <source dir>/../shared/fixtures/channels when it exists.
std::optional<std::filesystem::path> SharedFixturesDir();

// For every shared fixture of `platform` (file-name order, one modelled store for the folder):
// Verify accepts the recorded X-Hub-Signature-256 with the secret of signatures.json and rejects
// it under another secret; Parse succeeds; `ignored` equals the expected count; the CREATE /
// UPDATE / WITHDRAW counts agree with new+appended+duplicates / updated / withdrawn; and the
// BrokerModel's outcomes equal the expected counts. `account.secret` is taken from the fixtures.
void ExpectSharedFixturesAgree(const Channel& channel, std::string_view platform, AccountContext account);

}  // namespace aspirasi::ingest::meta::testing

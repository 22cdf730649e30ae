#include "workers/ingest/manifest.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace aspirasi::ingest {
namespace {

TEST(Manifest, CommittedManifestIsTheGeneratedOne) {
  ChannelRegistry registry;
  ASSERT_TRUE(RegisterBuiltinChannels(registry).ok());
  std::ifstream in(ASPIRASI_SOURCE_DIR "/workers/ingest/channels/MANIFEST.md", std::ios::binary);
  ASSERT_TRUE(in) << "workers/ingest/channels/MANIFEST.md is missing";
  std::stringstream committed;
  committed << in.rdbuf();
  EXPECT_EQ(committed.str(), ManifestMarkdown(registry.List()))
      << "regenerate it: aspirasi-ingest --list-channels --markdown > workers/ingest/channels/MANIFEST.md";
}

TEST(Manifest, EveryChannelSaysWhatItIs) {
  ChannelRegistry registry;
  ASSERT_TRUE(RegisterBuiltinChannels(registry).ok());
  for (const auto& info : registry.List()) {
    EXPECT_TRUE(info.status == "stable" || info.status == "alpha" || info.status == "wip") << info.name;
    EXPECT_TRUE(info.transport == "webhook" || info.transport == "polling") << info.name;
    EXPECT_FALSE(info.signature.empty()) << info.name;
    EXPECT_FALSE(info.handshake.empty()) << info.name;
    EXPECT_FALSE(info.supports.empty()) << info.name;
  }
}

TEST(Manifest, EscapesTableCells) {
  ChannelInfo info{"a", "wip", "webhook", "x|y", "none", {"one\ntwo"}};
  std::string md = ManifestMarkdown({info});
  EXPECT_NE(md.find("x\\|y"), std::string::npos);
  EXPECT_NE(md.find("one two"), std::string::npos);
}

}  // namespace
}  // namespace aspirasi::ingest

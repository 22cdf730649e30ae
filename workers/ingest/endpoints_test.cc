#include "workers/ingest/endpoints.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace aspirasi::ingest {
namespace {

const char* kBase = R"(
[tenant]
id = "t"
name = "T"
triage_opd = "A"
[[opd]]
code = "A"
name = "A"
[[channel]]
name = "form"
item_id = "/id"
text = "/text"
signature_header = "X-Sig"
[[channel]]
name = "open"
item_id = "/id"
text = "/text"
)";

class NullChannel : public Channel {
 public:
  Status Verify(const HttpRequestView&, const AccountContext&) const override { return Status::Ok(); }
  Result<ParseResult> Parse(std::string_view, const AccountContext&) const override { return ParseResult{}; }
};

ChannelRegistry Registry() {
  ChannelRegistry r;
  EXPECT_TRUE(RegisterBuiltinChannels(r).ok());
  EXPECT_TRUE(
      r.Register({"fakebook", "wip", "webhook", "none", "none", {"tests"}}, std::make_unique<NullChannel>())
          .ok());
  EXPECT_TRUE(
      r.Register({"fakepoll", "wip", "polling", "none", "none", {"tests"}}, std::make_unique<NullChannel>())
          .ok());
  return r;
}

Result<Endpoints> Build(const std::string& extra, std::map<std::string, std::string> env = {}) {
  auto config = ParseConfig(std::string(kBase) + extra, "/etc/a.toml");
  EXPECT_TRUE(config.ok()) << config.status().ToString();
  static ChannelRegistry registry = Registry();
  return Endpoints::Build(*config, registry, [env](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

TEST(Endpoints, GenericAccountsGetTheirChannelsMappingAndSecret) {
  auto e = Build(
      "[[account]]\nchannel = \"form\"\nid = \"web\"\nsecret_env = \"FORM_SECRET\"\nopd = \"A\"\n"
      "body_limit_bytes = 4096\noptions = { kind = \"aduan\" }\n",
      {{"FORM_SECRET", "s3cret"}});
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  const Endpoint* ep = e->Find("form", "web");
  ASSERT_NE(ep, nullptr);
  EXPECT_EQ(ep->info.name, "generic");
  EXPECT_EQ(ep->account.channel, "form");
  EXPECT_EQ(ep->account.secret, "s3cret");
  EXPECT_EQ(ep->account.opd, "A");
  EXPECT_EQ(ep->account.options.at("item_id"), "/id");
  EXPECT_EQ(ep->account.options.at("signature_header"), "X-Sig");
  EXPECT_EQ(ep->account.options.at("kind"), "aduan");  // the account's own options win
  EXPECT_EQ(ep->body_limit_bytes, 4096);
  EXPECT_EQ(e->max_body_limit(), 4096);
  EXPECT_EQ(e->Find("form", "other"), nullptr);
  EXPECT_EQ(e->Find("generic", "web"), nullptr);
}

TEST(Endpoints, SecretsFromFiles) {
  auto dir = std::filesystem::temp_directory_path() / ("aspirasi-endpoints-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "fb.secret") << "abc123\n";
  std::ofstream(dir / "empty.secret") << "\n";
  auto e = Build("[[account]]\nchannel = \"fakebook\"\nid = \"1\"\nsecret_file = \"" +
                 (dir / "fb.secret").string() + "\"\n");
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->Find("fakebook", "1")->account.secret, "abc123");
  auto empty = Build("[[account]]\nchannel = \"fakebook\"\nid = \"1\"\nsecret_file = \"" +
                     (dir / "empty.secret").string() + "\"\n");
  EXPECT_EQ(empty.status().field(), "account[0].secret_file");
  auto missing = Build("[[account]]\nchannel = \"fakebook\"\nid = \"1\"\nsecret_file = \"" +
                       (dir / "nope").string() + "\"\n");
  EXPECT_EQ(missing.status().field(), "account[0].secret_file");
  std::filesystem::remove_all(dir);
}

TEST(Endpoints, RefusesWhatCannotWork) {
  auto unset = Build("[[account]]\nchannel = \"fakebook\"\nid = \"1\"\nsecret_env = \"NOT_SET_ANYWHERE\"\n");
  EXPECT_EQ(unset.status().field(), "account[0].secret_env");
  EXPECT_EQ(unset.status().message().find("s3cret"), std::string::npos);
  auto no_secret = Build("[[account]]\nchannel = \"fakebook\"\nid = \"1\"\n");
  EXPECT_EQ(no_secret.status().code(), v1::CONFIG_INVALID);
  EXPECT_EQ(no_secret.status().field(), "account[0].secret_env");
  auto signed_form = Build("[[account]]\nchannel = \"form\"\nid = \"web\"\n");
  EXPECT_EQ(signed_form.status().field(), "account[0].secret_env");
  auto typo = Build("[[account]]\nchannel = \"fcebook\"\nid = \"1\"\n");
  EXPECT_EQ(typo.status().field(), "account[0].channel");
  EXPECT_NE(typo.status().message().find("generic"), std::string::npos) << typo.status().message();
  auto clash = Build("[[channel]]\nname = \"fakebook\"\nitem_id = \"/id\"\ntext = \"/t\"\n");
  EXPECT_EQ(clash.status().field(), "channel[2].name");
}

// Every secret that cannot be read is named in one error, so --check lists them all in one run.
TEST(Endpoints, EveryMissingSecretIsNamedAtOnce) {
  auto r = Build(
      "[[account]]\nchannel = \"fakebook\"\nid = \"1\"\nsecret_env = \"NOT_SET_ONE\"\n"
      "[[account]]\nchannel = \"fakebook\"\nid = \"2\"\n"
      "[[account]]\nchannel = \"fakebook\"\nid = \"3\"\nsecret_env = \"NOT_SET_THREE\"\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), v1::CONFIG_INVALID);
  EXPECT_EQ(r.status().field(), "account[0].secret_env");
  const std::string m = r.status().message();
  EXPECT_NE(m.find("NOT_SET_ONE"), std::string::npos) << m;
  EXPECT_NE(m.find("account[1]"), std::string::npos) << m;
  EXPECT_NE(m.find("NOT_SET_THREE"), std::string::npos) << m;
}

TEST(Endpoints, PathOptionsAreRelativeToTheConfiguration) {
  auto e = Build(
      "[[account]]\nchannel = \"fakepoll\"\nid = \"UC1\"\n"
      "options = { state_path = \"data/yt.db\", other_path = \"/abs/x.db\", label = \"data/x\" }\n");
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  const auto& o = e->Find("fakepoll", "UC1")->account.options;
  EXPECT_EQ(o.at("state_path"), "/etc/data/yt.db");
  EXPECT_EQ(o.at("other_path"), "/abs/x.db");
  EXPECT_EQ(o.at("label"), "data/x");
}

TEST(Endpoints, UnsignedGenericAndPollingNeedNoSecret) {
  auto e = Build(
      "[[account]]\nchannel = \"open\"\nid = \"lan\"\n[[account]]\nchannel = \"fakepoll\"\nid = \"UC1\"\n");
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_NE(e->Find("open", "lan"), nullptr);
  EXPECT_EQ(e->Find("fakepoll", "UC1")->info.transport, "polling");
}

TEST(Endpoints, PlatformsWithoutAPlugInAreDisabledNotFatal) {
  ChannelRegistry bare;  // a build with only the generic channel
  ASSERT_TRUE(
      bare.Register({"generic", "wip", "webhook", "none", "none", {"tests"}}, std::make_unique<NullChannel>())
          .ok());
  auto config =
      ParseConfig(std::string(kBase) + "[[account]]\nchannel = \"telegram\"\nid = \"77\"\n", "a.toml");
  ASSERT_TRUE(config.ok());
  auto e = Endpoints::Build(*config, bare, [](const char*) -> const char* { return nullptr; });
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->disabled(), std::vector<std::string>{"telegram/77"});
  EXPECT_EQ(e->Find("telegram", "77"), nullptr);
}

}  // namespace
}  // namespace aspirasi::ingest

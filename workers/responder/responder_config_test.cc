#include "workers/responder/responder_config.h"

#include <gtest/gtest.h>

namespace aspirasi::responder {
namespace {

Config SampleConfig() {
  auto c = LoadConfig(std::string(ASPIRASI_SOURCE_DIR) + "/deploy/nusa-harapan.toml");
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.value();
}

TEST(ResponderConfigTest, DefaultsFromTheConfig) {
  ResponderFlags f;
  f.opds = {"PUPR", "DINKES", "PUPR"};
  auto o = BuildSessionOptions(f, SampleConfig());
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->opds, (std::vector<std::string>{"PUPR", "DINKES"}));
  EXPECT_EQ(o->name, "responder-pupr-dinkes");
  EXPECT_EQ(o->endpoint, "tcp://127.0.0.1:7702");
  EXPECT_EQ(o->credit, 16u);
}

// As people and systemd write them: any case, several in one value (a unit instance "DINKES-DLH").
TEST(ResponderConfigTest, OpdsInAnyCaseAndSeveralInOneValue) {
  ResponderFlags f;
  f.opds = {"pupr", "DINKES-dlh", "DLH,PUPR"};
  auto o = BuildSessionOptions(f, SampleConfig());
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->opds, (std::vector<std::string>{"PUPR", "DINKES", "DLH"}));
  EXPECT_EQ(o->name, "responder-pupr-dinkes-dlh");
  f.opds = {",-"};
  EXPECT_EQ(BuildSessionOptions(f, SampleConfig()).status().code(), v1::CONFIG_INVALID);
}

TEST(ResponderConfigTest, UnknownOpdIsRejectedWithTheKnownOnes) {
  ResponderFlags f;
  f.opds = {"PUPR", "DISPARBUD"};
  auto o = BuildSessionOptions(f, SampleConfig());
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.status().code(), v1::CONFIG_INVALID);
  EXPECT_NE(o.status().message().find("unknown OPD 'DISPARBUD'"), std::string::npos) << o.status().message();
  EXPECT_NE(o.status().message().find("DISKOMINFO"), std::string::npos);
}

TEST(ResponderConfigTest, ExplicitEndpointAndWildcards) {
  ResponderFlags f;
  f.opds = {"DLH"};
  f.worker_endpoint = "tcp://10.0.0.5:7702";
  f.name = "dlh-1";
  auto o = BuildSessionOptions(f, SampleConfig());
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->endpoint, "tcp://10.0.0.5:7702");
  EXPECT_EQ(o->name, "dlh-1");
  f.worker_endpoint = "tcp://127.0.0.1:*";
  EXPECT_EQ(BuildSessionOptions(f, SampleConfig()).status().code(), v1::CONFIG_INVALID);
  f.opds.clear();
  f.worker_endpoint.clear();
  EXPECT_EQ(BuildSessionOptions(f, SampleConfig()).status().code(), v1::CONFIG_INVALID);
}

}  // namespace
}  // namespace aspirasi::responder

#include "workers/ingest/channels/meta/envelope.h"

#include <gtest/gtest.h>

#include <vector>

namespace aspirasi::ingest::meta {
namespace {

AccountContext Account() {
  AccountContext a;
  a.channel = "facebook";
  a.id = "104582736190254";
  return a;
}

Result<ParseResult> Parse(std::string_view body, std::vector<std::string>* accounts = nullptr) {
  return ParseEnvelope(body, "page", "facebook", Account(), [&](const JsonNode& entry, EntryContext& ctx) {
    if (accounts) accounts->push_back(ctx.account);
    entry["time"].Int();
    ++ctx.out->ignored;
  });
}

TEST(Envelope, VisitsEveryEntryWithItsAccount) {
  std::vector<std::string> accounts;
  auto r = Parse(R"({"object":"page","entry":[{"id":"1","time":1},{"time":2},{"id":"104582736190254"}]})",
                 &accounts);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->ignored, 3);
  EXPECT_EQ(accounts, (std::vector<std::string>{"1", "104582736190254", "104582736190254"}));
}

TEST(Envelope, EmptyEntryListIsFine) {
  auto r = Parse(R"({"object":"page","entry":[]})");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->submits.empty());
}

TEST(Envelope, MalformedBodiesArePreciseAndCarryNoPayloadBytes) {
  struct Case {
    const char* body;
    const char* message;
  };
  for (const Case& c : {
           Case{"", "body is not valid JSON (error at byte 1)"},
           Case{"{\"object\":\"page\",\"entry\":[{\"id\":\"secret-citizen-text",
                "body is not valid JSON (error at byte 53)"},
           Case{"[]", "body: expected a JSON object"},
           Case{R"({"entry":[]})", "object: is required"},
           Case{R"({"object":"instagram","entry":[]})", "object: expected \"page\""},
           Case{R"({"object":"page"})", "entry: is required"},
           Case{R"({"object":"page","entry":{}})", "entry: expected an array"},
           Case{R"({"object":"page","entry":[{"id":"1"},7]})", "entry[1]: expected an object"},
           Case{R"({"object":"page","entry":[{"id":[1]}]})", "entry[0].id: expected a string"},
           Case{R"({"object":"page","entry":[{"id":"1","time":"soon"}]})",
                "entry[0].time: expected an integer"},
       }) {
    SCOPED_TRACE(c.body);
    auto r = Parse(c.body);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), v1::MALFORMED);
    EXPECT_EQ(r.status().message(), c.message);
  }
}

TEST(Envelope, InvalidUtf8AndLoneSurrogatesAreMalformed) {
  EXPECT_FALSE(Parse("{\"object\":\"page\",\"entry\":[],\"x\":\"\xff\"}").ok());
  EXPECT_FALSE(Parse(R"({"object":"page","entry":[],"x":"\ud83d"})").ok());
}

}  // namespace
}  // namespace aspirasi::ingest::meta

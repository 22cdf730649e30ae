#include "workers/ingest/channels/meta/json_node.h"

#include <gtest/gtest.h>

namespace aspirasi::ingest::meta {
namespace {

Json Doc() {
  return Json::parse(R"({"entry":[{"id":"104","n":17,"big":18446744073709551615,"s":"1794226364",
    "f":1.5,"t":true,"changes":[{"value":{"comment_id":42}}],"nul":null}]})");
}

TEST(JsonNode, ReadsTypedValuesAndNamesPaths) {
  Json doc = Doc();
  ReadErrors errors;
  JsonNode entry = JsonNode(doc, errors)["entry"][0];
  EXPECT_EQ(entry.path(), "entry[0]");
  EXPECT_EQ(entry["id"].String(), "104");
  EXPECT_EQ(entry["id"].Id(), "104");
  EXPECT_EQ(entry["n"].Id(), "17");
  EXPECT_EQ(entry["n"].Int(), 17);
  EXPECT_EQ(entry["s"].Int(), 1794226364);
  EXPECT_DOUBLE_EQ(entry["f"].Number(), 1.5);
  EXPECT_TRUE(entry["t"].Bool());
  EXPECT_FALSE(entry["nul"].present());
  EXPECT_EQ(entry["missing"].String(), "");
  EXPECT_EQ(entry["missing"]["deeper"][3].Int(), 0);
  EXPECT_EQ(JsonNode(doc, errors)["entry"].size(), 1u);
  EXPECT_TRUE(errors.ok());
}

TEST(JsonNode, FirstTypeErrorIsKeptWithItsPath) {
  Json doc = Doc();
  ReadErrors errors;
  JsonNode root(doc, errors);
  EXPECT_EQ(root["entry"][0]["changes"][0]["value"]["comment_id"].String(), "");
  EXPECT_EQ(root["entry"][0]["t"].String(), "");  // a second error is not recorded
  Status s = errors.ToStatus();
  EXPECT_EQ(s.code(), v1::MALFORMED);
  EXPECT_EQ(s.message(), "entry[0].changes[0].value.comment_id: expected a string");
}

TEST(JsonNode, RequiredAndRangeErrors) {
  Json doc = Doc();
  {
    ReadErrors errors;
    JsonNode(doc, errors)["entry"][0]["mid"].RequiredId();
    EXPECT_EQ(errors.ToStatus().message(), "entry[0].mid: is required");
  }
  {
    ReadErrors errors;
    JsonNode(doc, errors)["entry"][0]["big"].Int();
    EXPECT_EQ(errors.ToStatus().message(), "entry[0].big: expected an integer");
  }
  {
    ReadErrors errors;
    JsonNode(doc, errors)["entry"][0]["id"]["x"].String();
    EXPECT_EQ(errors.ToStatus().message(), "entry[0].id: expected an object");
  }
  {
    ReadErrors errors;
    JsonNode(doc, errors)["entry"][0]["id"].size();
    EXPECT_EQ(errors.ToStatus().message(), "entry[0].id: expected an array");
  }
  {
    ReadErrors errors;
    JsonNode(doc, errors)["entry"][0]["f"].Int();
    EXPECT_EQ(errors.ToStatus().message(), "entry[0].f: expected an integer");
  }
  {
    ReadErrors errors;
    JsonNode(doc, errors)["entry"][0]["n"].Bool();
    EXPECT_EQ(errors.ToStatus().message(), "entry[0].n: expected true or false");
  }
}

TEST(JsonNode, RootErrorsNameTheBody) {
  Json doc = Json::parse("[1]");
  ReadErrors errors;
  JsonNode(doc, errors).RequireObject();
  EXPECT_EQ(errors.ToStatus().message(), "body: expected an object");
}

}  // namespace
}  // namespace aspirasi::ingest::meta

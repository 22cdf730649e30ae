#include "clients/lib/draft_json.h"

#include <gtest/gtest.h>

namespace aspirasi {
namespace {

TEST(DraftJsonTest, Fnv1a64KnownValues) {
  EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(Fnv1a64("foobar"), 0x85944171f73967e8ULL);
  EXPECT_EQ(DerivedIdempotencyKey("a"), "cli:af63dc4c8601ec8c");
}

TEST(DraftJsonTest, FullSubmitCamelCase) {
  auto r = ParseSubmitJson(R"({"idempotencyKey":"facebook:comment:1","action":"UPDATE",
      "targetKey":"facebook:comment:0","draft":{"channel":"facebook","text":"Jalan berlubang",
      "author":{"displayName":"Budi"},"urgency":"SEGERA","writtenAtMs":"1767225600000"}})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1u);
  const v1::Submit& s = r->front();
  EXPECT_EQ(s.idempotency_key(), "facebook:comment:1");
  EXPECT_EQ(s.action(), v1::UPDATE);
  EXPECT_EQ(s.target_key(), "facebook:comment:0");
  EXPECT_EQ(s.draft().author().display_name(), "Budi");
  EXPECT_EQ(s.draft().urgency(), v1::SEGERA);
  EXPECT_EQ(s.draft().written_at_ms(), 1767225600000);
}

TEST(DraftJsonTest, SnakeCaseNamesToo) {
  auto r =
      ParseSubmitJson(R"({"idempotency_key":"k","draft":{"channel":"x","public_item":true,"text":"t"}})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->front().idempotency_key(), "k");
  EXPECT_TRUE(r->front().draft().public_item());
}

TEST(DraftJsonTest, BareDraftWithKey) {
  auto r = ParseSubmitJson(R"({"channel":"whatsapp","text":"Sampah menumpuk","idempotency_key":"wa:1"})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->front().idempotency_key(), "wa:1");
  EXPECT_EQ(r->front().action(), v1::CREATE);
  EXPECT_EQ(r->front().draft().channel(), "whatsapp");
  EXPECT_EQ(r->front().draft().text(), "Sampah menumpuk");
}

TEST(DraftJsonTest, DerivedKeyIsStableAndIgnoresFormatting) {
  auto a = ParseSubmitJson(R"({"channel":"telegram","text":"Lampu jalan mati"})");
  auto b = ParseSubmitJson("{ \"text\" : \"Lampu jalan mati\",\n \"channel\":\"telegram\" }");
  auto c = ParseSubmitJson(R"({"channel":"telegram","text":"Lampu jalan mati!"})");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->front().idempotency_key(), b->front().idempotency_key());
  EXPECT_NE(a->front().idempotency_key(), c->front().idempotency_key());
  EXPECT_EQ(a->front().idempotency_key().rfind("cli:", 0), 0u);
  EXPECT_EQ(a->front().idempotency_key().size(), 20u);
  // The documented derivation: FNV-1a 64 of the canonical draft JSON.
  EXPECT_EQ(a->front().idempotency_key(), DerivedIdempotencyKey(MessageToJson(a->front().draft())));
}

TEST(DraftJsonTest, ArrayOfMixedElements) {
  auto r = ParseSubmitJson(R"([{"channel":"x","text":"a"},
                               {"idempotencyKey":"k2","draft":{"channel":"x","text":"b"}}])");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[1].idempotency_key(), "k2");
  EXPECT_EQ((*r)[0].draft().text(), "a");
}

TEST(DraftJsonTest, Errors) {
  EXPECT_EQ(ParseSubmitJson("{").status().code(), v1::INVALID_ARGUMENT);
  EXPECT_EQ(ParseSubmitJson("[]").status().code(), v1::INVALID_ARGUMENT);
  EXPECT_EQ(ParseSubmitJson("42").status().code(), v1::INVALID_ARGUMENT);
  auto typo = ParseSubmitJson(R"({"chanel":"x","text":"a"})");
  EXPECT_EQ(typo.status().code(), v1::INVALID_ARGUMENT);
  EXPECT_NE(typo.status().message().find("input"), std::string::npos) << typo.status().message();
  auto bad_enum = ParseSubmitJson(R"([{"channel":"x"},{"draft":{},"action":"DELETE"}])");
  EXPECT_EQ(bad_enum.status().code(), v1::INVALID_ARGUMENT);
  EXPECT_NE(bad_enum.status().message().find("[1]"), std::string::npos) << bad_enum.status().message();
  EXPECT_EQ(ParseSubmitJson(R"({"idempotencyKey":5,"text":"a"})").status().code(), v1::INVALID_ARGUMENT);
}

TEST(DraftJsonTest, EnumNamesInAnyCase) {
  auto r = ParseSubmitJson(R"({"channel":"x","text":"a","urgency":"segera","kind":"Pengaduan",
      "attachments":[{"type":"image","url":"https://x/1.jpg"}]})");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->front().draft().urgency(), v1::SEGERA);
  EXPECT_EQ(r->front().draft().kind(), v1::PENGADUAN);
  EXPECT_EQ(r->front().draft().attachments(0).type(), v1::IMAGE);
  auto s = ParseSubmitJson(
      R"({"idempotencyKey":"k","action":"update","targetKey":"t","draft":{"channel":"x","text":"b"}})");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->front().action(), v1::UPDATE);
  auto bad = ParseSubmitJson(R"({"channel":"x","text":"a","urgency":"darurat"})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("'darurat' is not one of BIASA, SEGERA, SANGAT_SEGERA"),
            std::string::npos)
      << bad.status().message();
  EXPECT_EQ(bad.status().field(), "input.urgency");
  // The unspecified value is not a choice.
  EXPECT_FALSE(ParseSubmitJson(R"({"channel":"x","text":"a","urgency":"urgency_unspecified"})").ok());
}

TEST(DraftJsonTest, SyntaxErrorsGiveLineAndColumn) {
  auto r = ParseSubmitJson("{\"channel\": \"x\",\n  \"text\": \"a\" \"urgency\": 1}");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("line 2, column"), std::string::npos) << r.status().message();
  EXPECT_EQ(r.status().text().key, "json.syntax");
  EXPECT_EQ(r.status().text().Get("line"), "2");
  EXPECT_EQ(ParseSubmitJson(" \n ").status().text().key, "json.empty");
  auto unknown = ParseSubmitJson(R"({"chanel":"x","text":"a"})");
  EXPECT_EQ(unknown.status().text().key, "json.unknown_field");
  EXPECT_NE(unknown.status().message().find("channel"), std::string::npos) << unknown.status().message();
}

TEST(DraftJsonTest, MessageToJsonRoundTrip) {
  v1::Ticket t;
  t.set_id(42);
  t.set_number("NH-2026-000042");
  t.set_status(v1::OPEN);
  std::string json = MessageToJson(t);
  EXPECT_EQ(json, R"({"id":"42","number":"NH-2026-000042","status":"OPEN"})");
  v1::Ticket back;
  ASSERT_TRUE(JsonToMessage(json, &back).ok());
  EXPECT_EQ(back.id(), 42u);
}

}  // namespace
}  // namespace aspirasi

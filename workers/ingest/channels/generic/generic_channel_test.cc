#include "workers/ingest/channels/generic/generic_channel.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "workers/ingest/signature.h"

namespace aspirasi::ingest {
namespace {

std::string Read(const std::string& rel) {
  std::ifstream in(std::string(GENERIC_TESTDATA) + "/" + rel, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The mappings of deploy/nusa-harapan.toml's [[channel]] tables, as aspirasi-ingest passes them.
AccountContext FormAccount() {
  AccountContext a;
  a.channel = "form";
  a.id = "lapor-bupati";
  a.own_ids = {"petugas-diskominfo"};
  a.secret = "form-fixture-secret-4f9c2a";
  a.options = {{"item_id", "/submission/id"},
               {"text", "/submission/isi"},
               {"author_id", "/submission/reporter/id"},
               {"author_name", "/submission/reporter/name"},
               {"time", "/submission/submitted_at"},
               {"category", "/submission/kategori"},
               {"attachment_urls", "/submission/lampiran"},
               {"action", "/event"},
               {"update_values", "edited"},
               {"withdraw_values", "withdrawn"},
               {"ignore_values", "ping\ntest"},
               {"version", "/submission/revision"},
               {"kind", "submission"},
               {"signature_header", "X-Form-Signature"},
               {"signature_prefix", "sha256="},
               {"signature_encoding", "hex"}};
  return a;
}

AccountContext SmsAccount() {
  AccountContext a;
  a.channel = "sms";
  a.id = "6280000010000";
  a.secret = "sms-fixture-secret-b81e07";
  a.options = {{"items", "/messages"},
               {"item_id", "/id"},
               {"text", "/text"},
               {"author_id", "/from"},
               {"conversation", "/from"},
               {"time", "/received_at"},
               {"action", "/type"},
               {"ignore_values", "delivery_report"},
               {"kind", "sms"},
               {"signature_header", "X-Gateway-Signature"},
               {"signature_encoding", "base64"}};
  return a;
}

HttpRequestView Request(const std::string& body, std::map<std::string, std::string> headers) {
  HttpRequestView r;
  r.method = "POST";
  r.body = body;
  r.header = [headers](std::string_view name) {
    for (const auto& [k, v] : headers) {
      if (strcasecmp(k.c_str(), std::string(name).c_str()) == 0) return v;
    }
    return std::string();
  };
  r.query = [](std::string_view) { return std::string(); };
  return r;
}

TEST(GenericChannel, VerifiesHexAndBase64Signatures) {
  auto ch = MakeGenericChannel();
  std::string body = Read("form/01-aduan-jalan-berlubang.json");
  auto form = FormAccount();
  std::string sig = "sha256=" + HmacSha256Hex(form.secret, body);
  EXPECT_TRUE(ch->Verify(Request(body, {{"x-form-signature", sig}}), form).ok());
  std::string upper = sig;
  for (std::size_t i = 7; i < upper.size(); ++i) upper[i] = static_cast<char>(std::toupper(upper[i]));
  EXPECT_TRUE(ch->Verify(Request(body, {{"X-Form-Signature", upper}}), form).ok());

  Status missing = ch->Verify(Request(body, {}), form);
  EXPECT_EQ(missing.code(), v1::INVALID_ARGUMENT);
  EXPECT_EQ(missing.field(), "X-Form-Signature");
  std::string changed = body;
  changed[10] ^= 1;
  EXPECT_EQ(ch->Verify(Request(changed, {{"X-Form-Signature", sig}}), form).code(), v1::PERMISSION_DENIED);
  EXPECT_EQ(ch->Verify(Request(body, {{"X-Form-Signature", sig.substr(7)}}), form).code(),
            v1::PERMISSION_DENIED);

  auto sms = SmsAccount();
  std::string batch = Read("sms/01-batch-lampu-pju.json");
  EXPECT_TRUE(
      ch->Verify(Request(batch, {{"X-Gateway-Signature", HmacSha256Base64(sms.secret, batch)}}), sms).ok());
  EXPECT_EQ(
      ch->Verify(Request(batch, {{"X-Gateway-Signature", HmacSha256Base64("other", batch)}}), sms).code(),
      v1::PERMISSION_DENIED);
}

TEST(GenericChannel, UnsignedSourcesNeedNoHeader) {
  auto ch = MakeGenericChannel();
  auto a = FormAccount();
  a.options.erase("signature_header");
  EXPECT_TRUE(ch->Verify(Request("{}", {}), a).ok());
}

TEST(GenericChannel, MapsAFormSubmission) {
  auto ch = MakeGenericChannel();
  auto r = ch->Parse(Read("form/01-aduan-jalan-berlubang.json"), FormAccount());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->submits.size(), 1u);
  const auto& s = r->submits[0];
  EXPECT_EQ(s.action(), v1::CREATE);
  EXPECT_EQ(s.idempotency_key(), "form:lapor-bupati:submission:LB-2026-000101");
  EXPECT_EQ(s.draft().channel(), "form");
  EXPECT_EQ(s.draft().account(), "lapor-bupati");
  EXPECT_EQ(s.draft().source_id(), "LB-2026-000101");
  EXPECT_EQ(s.draft().author().platform_id(), "warga-5501");
  EXPECT_EQ(s.draft().author().display_name(), "Siti Rahayu");
  EXPECT_EQ(s.draft().category(), "infrastruktur");
  EXPECT_EQ(s.draft().written_at_ms(), 1767576600000);
  EXPECT_FALSE(s.draft().public_item());
  ASSERT_EQ(s.draft().attachments_size(), 1);
  EXPECT_EQ(s.draft().attachments(0).type(), v1::IMAGE);
  EXPECT_NE(s.draft().text().find("Jalan berlubang"), std::string::npos);
}

TEST(GenericChannel, EditsWithdrawalsIgnoresAndEchoes) {
  auto ch = MakeGenericChannel();
  auto edit = ch->Parse(Read("form/03-edit-aduan-jalan.json"), FormAccount());
  ASSERT_TRUE(edit.ok()) << edit.status().ToString();
  EXPECT_EQ(edit->submits[0].action(), v1::UPDATE);
  EXPECT_EQ(edit->submits[0].idempotency_key(), "form:lapor-bupati:submission:LB-2026-000101:edit:2");
  EXPECT_EQ(edit->submits[0].target_key(), "form:lapor-bupati:submission:LB-2026-000101");

  auto gone = ch->Parse(Read("form/05-withdrawn-puskesmas.json"), FormAccount());
  ASSERT_TRUE(gone.ok()) << gone.status().ToString();
  EXPECT_EQ(gone->submits[0].action(), v1::WITHDRAW);
  EXPECT_EQ(gone->submits[0].idempotency_key(), "form:lapor-bupati:submission:LB-2026-000102:remove");
  EXPECT_EQ(gone->submits[0].draft().account(), "lapor-bupati");

  for (const char* f : {"form/06-ping-ignore.json", "form/07-petugas-echo.json"}) {
    auto r = ch->Parse(Read(f), FormAccount());
    ASSERT_TRUE(r.ok()) << f << ": " << r.status().ToString();
    EXPECT_TRUE(r->submits.empty()) << f;
    EXPECT_EQ(r->ignored, 1) << f;
  }
}

TEST(GenericChannel, WireFormatAndAttachmentOnly) {
  auto r = MakeGenericChannel()->Parse(Read("form/08-lampiran-saja-sampah-wire.json"), FormAccount());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto& d = r->submits[0].draft();
  EXPECT_TRUE(d.text().empty());
  ASSERT_EQ(d.attachments_size(), 2);
  EXPECT_EQ(d.attachments(0).url(), "https://lapor.nusaharapan.go.id/unggah/LB-2026-000104-1.jpg");
  EXPECT_EQ(d.attachments(1).type(), v1::VIDEO);
  EXPECT_EQ(d.written_at_ms(), 1767600000000);
}

TEST(GenericChannel, BatchesWithConversations) {
  auto ch = MakeGenericChannel();
  auto r = ch->Parse(Read("sms/01-batch-lampu-pju.json"), SmsAccount());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->submits.size(), 2u);
  EXPECT_EQ(r->submits[0].draft().conversation_key(), "sms:6280000010000:6280000012345");
  EXPECT_EQ(r->submits[1].draft().conversation_key(), r->submits[0].draft().conversation_key());
  EXPECT_EQ(r->submits[1].idempotency_key(), "sms:6280000010000:sms:sms-880002");
  auto mixed = ch->Parse(Read("sms/02-delivery-report-and-new.json"), SmsAccount());
  ASSERT_TRUE(mixed.ok()) << mixed.status().ToString();
  EXPECT_EQ(mixed->submits.size(), 1u);
  EXPECT_EQ(mixed->ignored, 1);
}

TEST(GenericChannel, PreciseMessagesForMalformedBodies) {
  auto ch = MakeGenericChannel();
  auto expect = [&](const std::string& body, const AccountContext& a, const std::string& part) {
    auto r = ch->Parse(body, a);
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.status().code(), v1::MALFORMED) << body;
    EXPECT_NE(r.status().message().find(part), std::string::npos) << r.status().message();
  };
  expect("{\"event\": ", FormAccount(), "not valid JSON");
  expect("[1]", FormAccount(), "body must be a JSON object, got an array");
  expect("{\"event\":\"submitted\",\"submission\":{\"isi\":\"x\"}}", FormAccount(),
         "\"/submission/id\" (the item id)");
  expect("{\"submission\":{\"id\":{},\"isi\":\"x\"}}", FormAccount(),
         "must be a string or an integer, got an object");
  expect("{\"submission\":{\"id\":\"a\",\"isi\":7}}", FormAccount(), "\"/submission/isi\" must be a string");
  expect("{\"submission\":{\"id\":\"a\",\"isi\":\"x\",\"submitted_at\":\"besok\"}}", FormAccount(),
         "submitted_at");
  expect("{\"messages\": {}}", SmsAccount(), "(the items) must be an array, got an object");
  expect("{\"messages\": [{\"id\": 1, \"text\": \"ok\"}, 5]}", SmsAccount(), "item 1 must be a JSON object");
  expect(std::string(100, '[') + std::string(100, ']'), FormAccount(), "deeper than 64");
  expect("{\"submission\":{\"id\":\"a\",\"isi\":\"\xff\"}}", FormAccount(), "not valid JSON");
}

TEST(GenericChannel, IntegerIdsAndFractionalTimes) {
  auto a = SmsAccount();
  auto r = MakeGenericChannel()->Parse(
      "{\"messages\":[{\"id\":12345678901234567,\"text\":\"halo\",\"received_at\":1767600000.5}]}", a);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->submits[0].draft().source_id(), "12345678901234567");
  EXPECT_EQ(r->submits[0].draft().written_at_ms(), 1767600000500);
}

TEST(GenericChannel, Info) {
  ChannelInfo info = GenericChannelInfo();
  EXPECT_EQ(info.name, "generic");
  EXPECT_EQ(info.transport, "webhook");
}

}  // namespace
}  // namespace aspirasi::ingest

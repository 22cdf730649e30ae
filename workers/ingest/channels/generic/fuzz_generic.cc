// libFuzzer target: the generic channel's Verify and Parse on arbitrary bytes, under two mappings
// (one item per body, and a batch with conversations, actions and attachments). They must never
// crash, throw, leak or hang; errors are values.
#include <cstddef>
#include <cstdint>
#include <string>

#include "workers/ingest/channels/generic/generic_channel.h"

namespace {

using aspirasi::ingest::AccountContext;

AccountContext Single() {
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
               {"signature_prefix", "sha256="}};
  return a;
}

AccountContext Batch() {
  AccountContext a;
  a.channel = "sms";
  a.id = "6280000010000";
  a.secret = "sms-fixture-secret-b81e07";
  a.options = {{"items", "/messages"},
               {"item_id", "/id"},
               {"text", "/text"},
               {"author_id", "/from"},
               {"author_handle", "/handle"},
               {"conversation", "/from"},
               {"time", "/received_at"},
               {"thread", "/thread/0"},
               {"parent", "/reply_to"},
               {"attachment_urls", "/media"},
               {"action", "/type"},
               {"ignore_values", "delivery_report"},
               {"update_values", "edit"},
               {"withdraw_values", "delete"},
               {"kind", "sms"},
               {"public", "true"},
               {"signature_header", "X-Gateway-Signature"},
               {"signature_encoding", "base64"}};
  return a;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto channel = aspirasi::ingest::MakeGenericChannel();
  static const AccountContext single = Single();
  static const AccountContext batch = Batch();
  std::string body(reinterpret_cast<const char*>(data), size);
  for (const AccountContext* account : {&single, &batch}) {
    aspirasi::ingest::HttpRequestView req;
    req.method = "POST";
    req.body = body;
    req.header = [&body](std::string_view) { return body.substr(0, 64); };
    req.query = [](std::string_view) { return std::string(); };
    (void)channel->Verify(req, *account);
    auto parsed = channel->Parse(body, *account);
    if (parsed.ok()) {
      for (const auto& s : parsed->submits) {
        if (s.idempotency_key().empty()) __builtin_trap();  // every submit has its key
        if (s.draft().channel() != account->channel) __builtin_trap();
      }
    }
  }
  return 0;
}

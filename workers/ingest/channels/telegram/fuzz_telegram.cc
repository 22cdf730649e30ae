// libFuzzer target for the Telegram payload parser: arbitrary bytes as a webhook body into
// Parse() with a fixed account, then the header check with the same bytes as the token. Parse must
// never crash, leak or throw; every submit it returns must be well-formed (a key of this channel,
// a target for UPDATE, text or an attachment) or the target aborts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "workers/ingest/channels/telegram/telegram_channel.h"

namespace {

using aspirasi::ingest::AccountContext;

AccountContext Account() {
  AccountContext a;
  a.channel = "telegram";
  a.id = "7712340098";
  a.own_ids = {"@LaporNusaHarapanBot"};
  a.secret = "fuzz-secret-token";
  return a;
}

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto channel = aspirasi::ingest::MakeTelegramChannel();
  static const AccountContext account = Account();
  std::string_view body(reinterpret_cast<const char*>(data), size);

  auto result = channel->Parse(body, account);
  if (result.ok()) {
    for (const auto& s : result->submits) {
      Check(s.idempotency_key().rfind("telegram:7712340098:message:", 0) == 0);
      Check(s.draft().channel() == "telegram" && s.draft().account() == "7712340098");
      Check(!s.draft().text().empty() || s.draft().attachments_size() > 0);
      Check((s.action() == aspirasi::v1::UPDATE) == !s.target_key().empty());
      std::string wire;
      Check(s.SerializeToString(&wire));
    }
  } else {
    Check(result.status().code() == aspirasi::v1::MALFORMED);
  }

  aspirasi::ingest::HttpRequestView req;
  req.method = "POST";
  req.header = [body](std::string_view) { return std::string(body); };
  req.query = [](std::string_view) { return std::string(); };
  req.body = body;
  Check(channel->Verify(req, account).ok() == (body == "fuzz-secret-token"));
  return 0;
}

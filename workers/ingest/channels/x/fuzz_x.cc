// libFuzzer target for the X Account Activity parser: arbitrary bytes as a webhook body into
// Parse() with a fixed account, then Verify over the same bytes and the CRC handshake with them as
// the token. Parse must never crash, leak or throw; every submit it returns must be well-formed (a
// key of this channel, a target for WITHDRAW, text or an attachment for CREATE) or the target aborts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "workers/ingest/channels/x/x_channel.h"

namespace {

using aspirasi::ingest::AccountContext;

AccountContext Account() {
  AccountContext a;
  a.channel = "x";
  a.id = "1587203349912207361";
  a.secret = "fuzz-consumer-secret";
  return a;
}

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto channel = aspirasi::ingest::MakeXChannel();
  static const AccountContext account = Account();
  std::string_view body(reinterpret_cast<const char*>(data), size);

  auto result = channel->Parse(body, account);
  if (result.ok()) {
    for (const auto& s : result->submits) {
      Check(s.idempotency_key().rfind("x:1587203349912207361:", 0) == 0);
      Check(s.draft().channel() == "x" && s.draft().account() == "1587203349912207361");
      if (s.action() == aspirasi::v1::WITHDRAW) {
        Check(!s.target_key().empty() && s.idempotency_key() == s.target_key() + ":remove");
      } else {
        Check(s.action() == aspirasi::v1::CREATE && s.target_key().empty());
        Check(!s.draft().text().empty() || s.draft().attachments_size() > 0);
      }
      std::string wire;
      Check(s.SerializeToString(&wire));
    }
  } else {
    Check(result.status().code() == aspirasi::v1::MALFORMED);
  }

  aspirasi::ingest::HttpRequestView req;
  req.method = "GET";
  req.header = [body](std::string_view) { return std::string(body); };
  req.query = [body](std::string_view) { return std::string(body); };
  req.body = body;
  auto crc = channel->Handshake(req, account);
  Check(crc.has_value() && crc->status == (body.empty() ? 400 : 200));
  Check(!channel->Verify(req, account).ok());  // arbitrary bytes are not their own signature
  return 0;
}

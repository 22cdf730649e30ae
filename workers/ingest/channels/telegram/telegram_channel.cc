#include "workers/ingest/channels/telegram/telegram_channel.h"

#include <string>

#include "workers/ingest/channels/telegram/telegram_message.h"
#include "workers/ingest/signature.h"

namespace aspirasi::ingest {
namespace {

using telegram::Json;
using telegram::Member;

class TelegramChannel final : public Channel {
 public:
  // Telegram does not sign bodies: the header must equal the secret_token given to setWebhook.
  Status Verify(const HttpRequestView& req, const AccountContext& account) const override {
    std::string token = req.header(kTelegramSecretHeader);
    if (token.empty()) {
      return Status::InvalidArgument(kTelegramSecretHeader,
                                     "the X-Telegram-Bot-Api-Secret-Token header is missing");
    }
    // Compare digests, so the time taken does not depend on the secret's length either.
    bool match =
        !account.secret.empty() && ConstantTimeEquals(HmacSha256Hex(kTelegramSecretHeader, token),
                                                      HmacSha256Hex(kTelegramSecretHeader, account.secret));
    if (!match) {
      return Status::Error(v1::PERMISSION_DENIED,
                           "the X-Telegram-Bot-Api-Secret-Token header does not match");
    }
    return Status::Ok();
  }

  Result<ParseResult> Parse(std::string_view body, const AccountContext& account) const override {
    try {
      Json update;
      try {
        update = Json::parse(body);
      } catch (const Json::parse_error& e) {
        return Status::Malformed(std::string("telegram: the body is not JSON: ") + e.what());
      }
      return ParseUpdate(update, account);
    } catch (const Json::exception& e) {
      return Status::Malformed(std::string("telegram: unexpected Update shape: ") + e.what());
    }
  }

 private:
  // One Update: exactly one of message, edited_message, channel_post, callback_query, my_chat_member, ...
  static Result<ParseResult> ParseUpdate(const Json& update, const AccountContext& account) {
    if (!update.is_object()) return Status::Malformed("telegram: expected an Update object at the top level");
    if (!telegram::IntegerText(Member(update, "update_id"))) {
      return Status::Malformed("telegram: update_id: expected an integer");
    }
    ParseResult out;
    Status s;
    if (const Json* m = Member(update, "message")) {
      s = telegram::MapMessage(*m, "message", telegram::MessageEvent::kNew, account, out);
    } else if (const Json* e = Member(update, "edited_message")) {
      s = telegram::MapMessage(*e, "edited_message", telegram::MessageEvent::kEdited, account, out);
    } else {
      out.ignored = 1;  // my_chat_member, channel_post, callback_query, message_reaction, ...
    }
    if (!s.ok()) return s;
    return out;
  }
};

}  // namespace

ChannelInfo TelegramChannelInfo() {
  return ChannelInfo{"telegram",
                     "alpha",
                     "webhook",
                     "X-Telegram-Bot-Api-Secret-Token: the setWebhook secret_token (constant-time compare)",
                     "none",
                     {"private messages (conversations)", "group messages addressed to the bot", "edits",
                      "replies (parent link)", "photos, video, voice, audio, documents, stickers (file_id)",
                      "locations and venues"}};
}

std::unique_ptr<Channel> MakeTelegramChannel() { return std::make_unique<TelegramChannel>(); }

}  // namespace aspirasi::ingest

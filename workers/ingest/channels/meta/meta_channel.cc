#include "workers/ingest/channels/meta/meta_channel.h"

#include "workers/ingest/channels/meta/hub_handshake.h"
#include "workers/ingest/channels/meta/hub_signature.h"

namespace aspirasi::ingest::meta {
namespace {

class MetaChannel final : public Channel {
 public:
  MetaChannel(std::string object, std::string channel, EntryParser parse_entry)
      : object_(std::move(object)), channel_(std::move(channel)), parse_entry_(std::move(parse_entry)) {}

  std::optional<HttpReply> Handshake(const HttpRequestView& req,
                                     const AccountContext& account) const override {
    return HubHandshake(req, account);
  }
  Status Verify(const HttpRequestView& req, const AccountContext& account) const override {
    return VerifyHubSignature(req, account);
  }
  Result<ParseResult> Parse(std::string_view body, const AccountContext& account) const override {
    return ParseEnvelope(body, object_, channel_, account, parse_entry_);
  }

 private:
  std::string object_;
  std::string channel_;
  EntryParser parse_entry_;
};

}  // namespace

std::unique_ptr<Channel> MakeMetaChannel(std::string object, std::string channel, EntryParser parse_entry) {
  return std::make_unique<MetaChannel>(std::move(object), std::move(channel), std::move(parse_entry));
}

}  // namespace aspirasi::ingest::meta

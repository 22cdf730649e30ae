// libFuzzer: what a platform (or something pretending to be one) answers to a reply, and replies
// built from arbitrary tickets. Classify must never throw or crash on any body; BuildRequest must
// never crash on any OutboundReply (ids with every byte, invalid UTF-8, missing fields).
//   byte 0: even = Classify, odd = BuildRequest; byte 1: channel; byte 2: HTTP status class.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "aspirasi/v1/wire.pb.h"
#include "workers/responder/egress/egress.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace aspirasi;
  if (size < 3) return 0;
  static const char* kChannels[] = {"facebook", "instagram", "whatsapp", "telegram", "x", "youtube", "form"};
  static const int kStatuses[] = {200, 201, 400, 401, 403, 404, 408, 429, 500, 502, 503, 302};
  std::string_view channel = kChannels[data[1] % 7];
  int status = kStatuses[data[2] % 12];
  std::string_view body(reinterpret_cast<const char*>(data + 3), size - 3);
  if (data[0] % 2 == 0) {
    egress::Result r = egress::Classify(channel, data[0] & 2, status, body);
    (void)r.ToProto(1);
    return 0;
  }
  v1::OutboundReply reply;
  if (!reply.ParseFromArray(body.data(), static_cast<int>(body.size()))) return 0;
  reply.mutable_ticket()->set_channel(std::string(channel));
  egress::BuildOptions options;
  options.now_ms = [] { return int64_t{1795300800000}; };
  auto built = egress::BuildRequest(reply, {"http://127.0.0.1:9/base", "token"}, options);
  (void)built;
  return 0;
}

// libFuzzer target: arbitrary bytes into the WhatsApp channel (tests/fuzz/run.sh).
#include <cstddef>
#include <cstdint>

#include "workers/ingest/channels/meta/testing/fuzz_invariants.h"
#include "workers/ingest/channels/whatsapp/whatsapp_channel.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace aspirasi::ingest;
  static const auto* channel = MakeWhatsappChannel().release();
  static const AccountContext* account = [] {
    auto* a = new AccountContext;
    a->channel = "whatsapp";
    a->id = "415550001112223";
    a->own_ids = {"305550001112223"};
    a->secret = "nh-wa-fuzz-secret";
    a->verify_token = "nh-wa-fuzz-verify";
    return a;
  }();
  std::string_view body(reinterpret_cast<const char*>(data), size);
  meta::testing::CheckParse(*channel, "whatsapp", body, *account);
  meta::testing::CheckRequest(*channel, body, *account);
  return 0;
}

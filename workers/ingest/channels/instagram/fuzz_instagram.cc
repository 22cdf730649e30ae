// libFuzzer target: arbitrary bytes into the Instagram channel (tests/fuzz/run.sh).
#include <cstddef>
#include <cstdint>

#include "workers/ingest/channels/instagram/instagram_channel.h"
#include "workers/ingest/channels/meta/testing/fuzz_invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace aspirasi::ingest;
  static const auto* channel = MakeInstagramChannel().release();
  static const AccountContext* account = [] {
    auto* a = new AccountContext;
    a->channel = "instagram";
    a->id = "17841499900011223";
    a->secret = "nh-ig-fuzz-secret";
    a->verify_token = "nh-ig-fuzz-verify";
    return a;
  }();
  std::string_view body(reinterpret_cast<const char*>(data), size);
  meta::testing::CheckParse(*channel, "instagram", body, *account);
  meta::testing::CheckRequest(*channel, body, *account);
  return 0;
}

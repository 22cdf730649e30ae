// libFuzzer target: arbitrary bytes into the Facebook channel (tests/fuzz/run.sh).
#include <cstddef>
#include <cstdint>

#include "workers/ingest/channels/facebook/facebook_channel.h"
#include "workers/ingest/channels/meta/testing/fuzz_invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace aspirasi::ingest;
  static const auto* channel = MakeFacebookChannel().release();
  static const AccountContext* account = [] {
    auto* a = new AccountContext;
    a->channel = "facebook";
    a->id = "109284756301122";
    a->secret = "nh-fb-fuzz-secret";
    a->verify_token = "nh-fb-fuzz-verify";
    return a;
  }();
  std::string_view body(reinterpret_cast<const char*>(data), size);
  meta::testing::CheckParse(*channel, "facebook", body, *account);
  meta::testing::CheckRequest(*channel, body, *account);
  return 0;
}

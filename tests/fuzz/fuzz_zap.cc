// libFuzzer target for the broker's ZAP decision: aspirasi::auth::DecideZap and MetadataValue
// (broker/auth/zap_handler.h). A ZAP request comes from libzmq, not from the network, but its
// credentials frame is what a client offered; the decision must hold for any frames at all.
//
// Input layout (like fuzz_frame): byte 0 = frame count (0..9); the next count-1 bytes are the
// lengths of frames 0 .. count-2 (clamped to what is left); the rest is the last frame.
//
// Invariants checked (abort otherwise): only "200" admits; an admitted request has exactly the
// seven frames of RFC 27 version "1.0", our domain, mechanism CURVE and a 32-byte key that the
// table knows, and the reply names that key's identity; the request id is echoed (at most 256
// bytes); MetadataValue never reads outside its input (ASan) and finds only what is there.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "broker/auth/key_table.h"
#include "broker/auth/zap_handler.h"

namespace {

// Two known keys: bytes 0x01 x 32 and 0x02 x 32 (as Z85).
const aspirasi::auth::KeyTable& Table() {
  static const aspirasi::auth::KeyTable* table = [] {
    auto* t = new aspirasi::auth::KeyTable();
    for (char fill : {'\x01', '\x02'}) {
      std::string raw(32, fill);
      char z85[41] = {};
      zmq_z85_encode(z85, reinterpret_cast<const uint8_t*>(raw.data()), 32);
      aspirasi::auth::Identity who;
      who.name = fill == '\x01' ? "ingest-main" : "budi.pupr";
      who.role = fill == '\x01' ? aspirasi::auth::Role::kIngest : aspirasi::auth::Role::kAdmin;
      if (!t->Add(z85, who).ok()) std::abort();
    }
    return t;
  }();
  return *table;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> frames;
  if (!in.empty()) {
    std::size_t count = static_cast<uint8_t>(in[0]) % 10;
    std::size_t pos = 1;
    std::vector<std::size_t> lengths;
    for (std::size_t i = 0; i + 1 < count && pos < in.size(); ++i)
      lengths.push_back(static_cast<uint8_t>(in[pos++]));
    for (std::size_t i = 0; i < count; ++i) {
      std::size_t left = pos <= in.size() ? in.size() - pos : 0;
      std::size_t n = i < lengths.size() ? std::min(lengths[i], left) : left;
      frames.push_back(in.substr(std::min(pos, in.size()), n));
      pos += n;
    }
  }
  const aspirasi::auth::ZapReply reply = aspirasi::auth::DecideZap(frames, Table(), "aspirasi");
  if (reply.request_id.size() > 256) std::abort();
  if (frames.size() > 1 && reply.request_id != frames[1].substr(0, 256)) std::abort();
  if (reply.status_code == "200") {
    if (frames.size() != 7 || frames[0] != "1.0" || frames[2] != "aspirasi" || frames[5] != "CURVE")
      std::abort();
    const aspirasi::auth::Identity* who = Table().FindBinary(frames[6]);
    if (who == nullptr || reply.user_id != who->name) std::abort();
    if (aspirasi::auth::MetadataValue(reply.metadata, "X-Role") != aspirasi::auth::RoleName(who->role))
      std::abort();
  } else if (reply.status_code != "400" && reply.status_code != "500") {
    std::abort();
  } else if (!reply.user_id.empty()) {
    std::abort();
  }
  // Any bytes as ZMTP metadata: whatever is found lies inside them.
  const std::string found = aspirasi::auth::MetadataValue(in, "X-Role");
  if (!found.empty() && in.find(found) == std::string_view::npos) std::abort();
  return 0;
}

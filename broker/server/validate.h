// Validation of commands from peers, before they reach the router or the store.
// Each error names the field (Status::field()) and says what is wrong in one sentence.
#pragma once

#include "aspirasi/v1/wire.pb.h"
#include "common/config.h"
#include "common/status.h"

namespace aspirasi::server {

inline constexpr std::size_t kMaxKeyBytes = 512;
inline constexpr std::size_t kMaxShortFieldBytes = 1024;
inline constexpr int kMaxAttachments = 32;
inline constexpr int kMaxHelloOpds = 256;

// Also: the channel is a known one and the account one of ours on it (refused with the list of what
// is configured), an explicit OPD exists, a text shows something (not only blanks).
Status ValidateSubmit(const v1::Submit& submit, const Config& config);
Status ValidateHello(const v1::Hello& hello, const Config& config);

}  // namespace aspirasi::server

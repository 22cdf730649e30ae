// Meta's POST signature: X-Hub-Signature-256: sha256=<lower-case hex HMAC-SHA256(app secret, raw body)>.
// The app secret is AccountContext.secret. Checked over the raw bytes, before any parsing, in
// constant time. The legacy X-Hub-Signature (sha1) header is ignored.
#pragma once

#include <string_view>

#include "workers/ingest/channel.h"

namespace aspirasi::ingest::meta {

inline constexpr std::string_view kHubSignatureHeader = "X-Hub-Signature-256";

// Errors (as Channel::Verify): INVALID_ARGUMENT (field "X-Hub-Signature-256") when the header is
// missing or empty; PERMISSION_DENIED when it does not match, or when no secret is configured.
Status VerifyHubSignature(const HttpRequestView& req, const AccountContext& account);

}  // namespace aspirasi::ingest::meta

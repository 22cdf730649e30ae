// The generic JSON channel ("generic"): a webhook source configured by field mapping, with no
// code (a regency's own complaint form, an SMS gateway, another ticketing system). A [[channel]]
// table of type "generic" names the source and maps its JSON (see generic_mapping.h); its
// [[account]] tables give the receiving endpoint(s) and the signing secret.
//
// Verify: with signature_header set, the header must equal signature_prefix + HMAC-SHA256(secret,
// raw body) in hex (case-insensitive) or base64; missing -> INVALID_ARGUMENT, wrong ->
// PERMISSION_DENIED. Without signature_header every request is accepted (trusted networks only).
// Parse: each item -> one CREATE / UPDATE / WITHDRAW, or ignored (an ignore_values action, or an
// author that is one of our own ids); keys "<channel>:<account>:<kind>:<item id>" (channel.h).
#pragma once

#include <memory>

#include "workers/ingest/channel.h"

namespace aspirasi::ingest {

ChannelInfo GenericChannelInfo();
std::unique_ptr<Channel> MakeGenericChannel();

}  // namespace aspirasi::ingest

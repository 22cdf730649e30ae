// Submits the integration tests make: a public Facebook comment on the sample regency's page
// (deploy/nusa-harapan.toml), keyed by `key`, sent to `opd`, by the invented citizen "Warga <key>".
#pragma once

#include <string>

#include "aspirasi/v1/wire.pb.h"

namespace aspirasi::testing {

inline v1::Submit FacebookComment(
    const std::string& key, const std::string& opd,
    const std::string& text = "Jalan berlubang di depan pasar, mohon diperbaiki") {
  v1::Submit s;
  s.set_idempotency_key(key);
  s.mutable_draft()->set_channel("facebook");
  s.mutable_draft()->set_account("104582736190254");
  s.mutable_draft()->set_source_id(key);
  s.mutable_draft()->set_public_item(true);
  s.mutable_draft()->set_opd(opd);
  s.mutable_draft()->mutable_author()->set_display_name("Warga " + key);
  s.mutable_draft()->set_text(text);
  return s;
}

}  // namespace aspirasi::testing

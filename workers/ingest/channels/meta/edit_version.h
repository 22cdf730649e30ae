// The <ver> of an edit's idempotency key when the platform gives neither an edit time nor an edit
// counter: a hash of the new text, so a retried edit repeats its key and a different edit does not.
#pragma once

#include <string>
#include <string_view>

namespace aspirasi::ingest::meta {

// "t" + 16 lower-case hex digits of FNV-1a-64(text).
std::string TextVersion(std::string_view text);

}  // namespace aspirasi::ingest::meta

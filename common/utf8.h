// UTF-8 text as people type it: is it valid, is anything visible in it, and the same text with
// its spacing normalised (for comparing two replies).
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace aspirasi {

// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF).
bool IsValidUtf8(std::string_view text);

// True when `text` shows nothing: empty, or only spaces, tabs, line breaks and the invisible or
// space characters of Unicode (no-break space, the U+2000 spaces, zero-width space and joiners,
// ideographic space, byte-order mark, ...).
bool IsBlank(std::string_view text);

// `text` with leading and trailing blanks removed and every run of blanks inside made one ASCII
// space: "  Mohon\n\n maaf " -> "Mohon maaf".
std::string CollapseBlanks(std::string_view text);

// `text` fit for a record that outlives personal data (an audited event): every run of 8 or more
// ASCII digits (a phone number, a platform user id; short codes such as "#131047" stay) becomes
// "…", and the result is cut to at most `max_bytes` on a character boundary.
std::string MaskLongNumbers(std::string_view text, std::size_t max_bytes = 200);

}  // namespace aspirasi

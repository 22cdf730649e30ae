// Realistic Indonesian citizen reports for the benchmark: about 500 bytes of draft each
// (greeting, a complaint that routes by keyword to a real OPD, a closing), spread over the six
// channels and the sample regency's receiving accounts. Deterministic: the same (seed, index)
// always gives the same draft.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "aspirasi/v1/wire.pb.h"

namespace aspirasi::bench {

// The OPD codes of the sample regency (deploy/nusa-harapan.toml), which the drafts route to.
const std::vector<std::string>& SampleOpds();

// A CREATE with idempotency key "<key_prefix><index>".
v1::Submit MakeBenchSubmit(uint64_t seed, uint64_t index, const std::string& key_prefix, int64_t now_ms);

}  // namespace aspirasi::bench

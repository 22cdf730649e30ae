// Verifies a database file's audit chain (broker/audit/chain_verifier.h) without a broker: what
// `aspirasi audit verify` runs, on the live database (a read transaction; the broker keeps
// writing) or on an inspector's copy.
#pragma once

#include <optional>
#include <string>

#include "broker/audit/chain_verifier.h"
#include "common/status.h"

namespace aspirasi::store {

// NOT_FOUND when the file does not exist; IO_ERROR when it is not an Aspirasi database, or one
// from before the audit chain (schema 8: start the broker once to upgrade it).
Result<audit::ChainReport> VerifyEventChain(const std::string& path,
                                            std::optional<audit::ChainHead> expected = std::nullopt);

}  // namespace aspirasi::store

// Submitter: how ingest code hands submits to the broker durably. The webhook server and the
// pollers (e.g. channels/youtube) use it; aspirasi-ingest provides the implementation (broker
// client + local SQLite spool), tests provide fakes.
//
// Contract of SubmitAll(submits):
//   - OK only when every submit was acked by the broker, or the whole batch is held by the local
//     durable spool (fsynced) while the broker is unreachable; the spool drains later, in order.
//     A caller may then forget the batch (advance its cursor, answer the platform 2xx).
//   - An error (UNAVAILABLE, TIMEOUT, IO_ERROR, or the broker's rejection of a submit, e.g.
//     INVALID_ARGUMENT) means: not accepted; the caller retries later or reports the failure.
//     Some submits of the batch may already be acked; resubmitting is harmless because every
//     submit carries an idempotency key (see channel.h).
//   - Submits are applied in vector order. An empty vector is OK.
//
// Thread safety: an implementation may be called from several threads at once.
#pragma once

#include <vector>

#include "aspirasi/v1/wire.pb.h"
#include "common/status.h"

namespace aspirasi::ingest {

class Submitter {
 public:
  virtual ~Submitter() = default;
  virtual Status SubmitAll(const std::vector<v1::Submit>& submits) = 0;
};

}  // namespace aspirasi::ingest

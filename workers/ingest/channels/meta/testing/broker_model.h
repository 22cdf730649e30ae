// Test support: a model of the broker's submit semantics (broker/store/sqlite_store.cc), enough to
// tell what a sequence of submits does to an empty store without running a broker:
//   CREATE    duplicate key -> DUPLICATE; tombstoned key -> TOMBSTONED; an open ticket of the
//             draft's conversation -> APPENDED; otherwise CREATED
//   UPDATE    duplicate key -> DUPLICATE; known target -> UPDATED; tombstoned target -> TOMBSTONED;
//             otherwise CREATED (upsert)
//   WITHDRAW  duplicate key -> DUPLICATE; known target -> WITHDRAWN (the whole ticket, closing its
//             conversation, when the target opened it); otherwise TOMBSTONED
#pragma once

#include <map>
#include <set>
#include <string>

#include "aspirasi/v1/wire.pb.h"

namespace aspirasi::ingest::meta::testing {

struct OutcomeCounts {
  int created = 0, appended = 0, updated = 0, withdrawn = 0, tombstoned = 0, duplicates = 0;
  void Add(v1::SubmitOutcome outcome);
};

class BrokerModel {
 public:
  v1::SubmitOutcome Apply(const v1::Submit& submit);

 private:
  struct Ticket {
    std::string opener;  // the key that opened it
    std::string conversation;
    bool withdrawn = false;
  };
  v1::SubmitOutcome Open(const std::string& source_key, const v1::Submit& submit);

  std::set<std::string> keys_;        // every idempotency key applied
  std::map<std::string, int> items_;  // item key (CREATE key or upserted target) -> ticket
  std::map<int, Ticket> tickets_;
  std::map<std::string, int> open_conversations_;
  std::set<std::string> tombstones_;
};

}  // namespace aspirasi::ingest::meta::testing

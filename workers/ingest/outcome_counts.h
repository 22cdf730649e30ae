// OutcomeCounts: what became of one webhook request's items, reported to the caller in the 200
// reply's JSON body ({"new":1,"updated":0,...}) and counted in metrics.
//
// Broker outcomes map as: CREATED -> new, APPENDED -> appended, UPDATED -> updated, WITHDRAWN and
// TOMBSTONED -> withdrawn, DUPLICATE -> duplicates. `ignored` comes from the channel's parser
// (echoes, receipts, reactions). `spooled`: held by the local spool for the broker, outcome not
// known yet. `rejected`: refused by the broker for good (e.g. a text over max_text_bytes); logged.
#pragma once

#include <string>

#include "aspirasi/v1/wire.pb.h"

namespace aspirasi::ingest {

struct OutcomeCounts {
  int created = 0;  // "new"
  int updated = 0;
  int appended = 0;
  int withdrawn = 0;
  int duplicates = 0;
  int ignored = 0;
  int spooled = 0;
  int rejected = 0;

  void Add(const v1::SubmitAck& ack);
  OutcomeCounts& operator+=(const OutcomeCounts& o);
  bool operator==(const OutcomeCounts&) const = default;
  // {"new":1,"updated":0,"appended":0,"withdrawn":0,"duplicates":0,"ignored":0,"spooled":0,"rejected":0}
  std::string ToJson() const;
};

}  // namespace aspirasi::ingest

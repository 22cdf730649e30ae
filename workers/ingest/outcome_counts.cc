#include "workers/ingest/outcome_counts.h"

namespace aspirasi::ingest {

void OutcomeCounts::Add(const v1::SubmitAck& ack) {
  switch (ack.outcome()) {
    case v1::OUTCOME_CREATED:
      ++created;
      break;
    case v1::OUTCOME_APPENDED:
      ++appended;
      break;
    case v1::OUTCOME_UPDATED:
      ++updated;
      break;
    case v1::OUTCOME_WITHDRAWN:
    case v1::OUTCOME_TOMBSTONED:
      ++withdrawn;
      break;
    case v1::OUTCOME_DUPLICATE:
      ++duplicates;
      break;
    default:
      if (ack.duplicate())
        ++duplicates;
      else
        ++created;
      break;
  }
}

OutcomeCounts& OutcomeCounts::operator+=(const OutcomeCounts& o) {
  created += o.created;
  updated += o.updated;
  appended += o.appended;
  withdrawn += o.withdrawn;
  duplicates += o.duplicates;
  ignored += o.ignored;
  spooled += o.spooled;
  rejected += o.rejected;
  return *this;
}

std::string OutcomeCounts::ToJson() const {
  return "{\"new\":" + std::to_string(created) + ",\"updated\":" + std::to_string(updated) +
         ",\"appended\":" + std::to_string(appended) + ",\"withdrawn\":" + std::to_string(withdrawn) +
         ",\"duplicates\":" + std::to_string(duplicates) + ",\"ignored\":" + std::to_string(ignored) +
         ",\"spooled\":" + std::to_string(spooled) + ",\"rejected\":" + std::to_string(rejected) + "}";
}

}  // namespace aspirasi::ingest

#include "workers/ingest/channels/meta/testing/broker_model.h"

namespace aspirasi::ingest::meta::testing {

void OutcomeCounts::Add(v1::SubmitOutcome outcome) {
  switch (outcome) {
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
      ++withdrawn;
      break;
    case v1::OUTCOME_TOMBSTONED:
      ++tombstoned;
      break;
    case v1::OUTCOME_DUPLICATE:
      ++duplicates;
      break;
    default:
      break;
  }
}

v1::SubmitOutcome BrokerModel::Open(const std::string& source_key, const v1::Submit& submit) {
  int id = static_cast<int>(tickets_.size()) + 1;
  const std::string& conversation = submit.draft().conversation_key();
  tickets_[id] = Ticket{source_key, conversation, false};
  items_[source_key] = id;
  if (!conversation.empty()) open_conversations_[conversation] = id;
  return v1::OUTCOME_CREATED;
}

v1::SubmitOutcome BrokerModel::Apply(const v1::Submit& submit) {
  const std::string& key = submit.idempotency_key();
  if (!keys_.insert(key).second) return v1::OUTCOME_DUPLICATE;
  const std::string& target = submit.target_key();
  switch (submit.action()) {
    case v1::UPDATE:
      if (items_.count(target)) return v1::OUTCOME_UPDATED;
      if (tombstones_.count(target)) return v1::OUTCOME_TOMBSTONED;
      return Open(target, submit);
    case v1::WITHDRAW: {
      auto it = items_.find(target);
      if (it == items_.end()) {
        tombstones_.insert(target);
        return v1::OUTCOME_TOMBSTONED;
      }
      Ticket& t = tickets_[it->second];
      if (t.opener == target) {
        t.withdrawn = true;
        auto open = open_conversations_.find(t.conversation);
        if (open != open_conversations_.end() && open->second == it->second) open_conversations_.erase(open);
      }
      return v1::OUTCOME_WITHDRAWN;
    }
    default: {
      if (tombstones_.count(key)) return v1::OUTCOME_TOMBSTONED;
      const std::string& conversation = submit.draft().conversation_key();
      if (!conversation.empty()) {
        auto open = open_conversations_.find(conversation);
        if (open != open_conversations_.end()) {
          items_[key] = open->second;
          return v1::OUTCOME_APPENDED;
        }
      }
      return Open(key, submit);
    }
  }
}

}  // namespace aspirasi::ingest::meta::testing

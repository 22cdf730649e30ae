// Writer-thread operations on citizens' personal data (UU 27/2022; docs/PRIVACY.md):
//
//   citizen_export   a page of everything held about a citizen (their tickets with every message,
//                    attachment and reply, and each ticket's whole event history: which OPD, who
//                    claimed, answered, moved or resolved it, when); PERSONAL_DATA_EXPORTED on each
//   citizen_erase    the citizen's personal data removed from each ticket of theirs the actor
//                    covers (broker/privacy/personal_data.h says what goes and what stays);
//                    PERSONAL_DATA_ERASED on each. Refused, with nothing changed, while one of those
//                    tickets is still being handled or a reply to it is on its way
//   data_request     a data subject's request (a copy, or erasure) recorded as a ticket of the
//                    PPID's OPD ([privacy] ppid_opd), on a 3 x 24-hour clock (DataRequestPolicy);
//                    DATA_REQUEST_OPENED. `citizen_erase --request` resolves that ticket and erases
//                    it with the rest; `citizen_export --request` names it in the events
//   retention        [privacy] personal_data_days: the same removal for tickets closed and
//                    untouched that long, a batch at a time; PERSONAL_DATA_PURGED on each
//
// Only an [[admin]] with `ppid = true` may export or erase, and only for the OPDs it covers. The
// events name the acting identity; none of them carries the person's data, so the audit chain is
// untouched and keeps verifying.
//
// Thread safety: used by the broker's writer thread only, inside its transactions.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aspirasi/v1/wire.pb.h"
#include "broker/server/reply_ops.h"
#include "broker/server/sla_ops.h"
#include "broker/store/store.h"
#include "common/config.h"
#include "common/i18n/text.h"

namespace aspirasi::server {

struct CitizenExportOp {
  v1::CitizenExport command;
  std::string actor;
  int64_t now_ms = 0;
};

struct CitizenEraseOp {
  v1::CitizenErase command;
  std::string actor;
  int64_t now_ms = 0;
};

struct DataRequestOp {
  v1::DataRequest command;
  std::string actor;
  int64_t now_ms = 0;
};

struct RetentionOp {
  int64_t now_ms = 0;
  std::size_t limit = 500;  // tickets per transaction
};

// A ticket whose stored form changed: a delivery still waiting for a worker must not carry the
// old one.
struct RefreshedTicket {
  uint64_t id = 0;
  std::shared_ptr<const std::string> body;  // serialized Ticket
};

// A ticket the writer created (a data request): the OPD's dispatch queue takes it.
struct CreatedTicket {
  uint64_t id = 0;
  std::string opd;
  v1::Urgency urgency = v1::BIASA;
  int64_t sla_due_ms = 0;
  std::shared_ptr<const std::string> body;  // serialized Ticket
};

struct PrivacyOpResult {
  Status status;
  v1::Envelope answer;  // citizen_data or citizen_erased (request id and actor are the caller's)
  std::vector<RefreshedTicket> refreshed;
  uint64_t erased = 0;  // tickets whose personal data went (erase, retention)
  uint64_t tombstones = 0;
  bool more = false;                     // retention: a full batch; run again
  std::optional<CreatedTicket> created;  // data_request: the new ticket
};

class PrivacyOps {
 public:
  PrivacyOps(const Config& config, store::Store& store, std::shared_ptr<const SlaSetup> sla,
             ReplyOps& replies)
      : config_(config), store_(store), sla_(std::move(sla)), replies_(replies) {}

  PrivacyOpResult Request(const DataRequestOp& op);
  PrivacyOpResult Export(const CitizenExportOp& op);
  PrivacyOpResult Erase(const CitizenEraseOp& op);
  PrivacyOpResult Retention(const RetentionOp& op);

 private:
  // The acting PPID officer, the citizen key and the normalized user id; PERMISSION_DENIED or
  // INVALID_ARGUMENT otherwise.
  struct Subject {
    const AdminConfig* admin = nullptr;
    std::string channel;
    std::string user;
    std::string key;
  };
  Result<Subject> Resolve(const std::string& actor, const std::string& channel, const std::string& user);
  // The PPID request ticket `number` of this citizen; nullopt when `number` is empty. NOT_FOUND;
  // INVALID_ARGUMENT field `request` when it is not a data request, is another citizen's, or (for
  // `erase`) asks for a copy only; PERMISSION_DENIED outside the officer's OPDs; CONFLICT once it
  // was erased (carried out).
  Result<std::optional<v1::Ticket>> LoadRequest(const std::string& number, const Subject& subject,
                                                bool erase);
  // Calls `visit` with each of the citizen's tickets with id > after, in id order, until it fails
  // or *stop becomes true.
  Status EachTicket(const std::string& key, uint64_t after, const std::function<Status(v1::Ticket&)>& visit,
                    const bool* stop = nullptr);
  // Strips one loaded ticket, stores it and records `type`.
  Status EraseOne(v1::Ticket& t, v1::EventType type, const std::string& actor, i18n::Text text,
                  int64_t now_ms, PrivacyOpResult* out);

  const Config& config_;
  store::Store& store_;
  std::shared_ptr<const SlaSetup> sla_;
  ReplyOps& replies_;  // resolves a request ticket the way the desk does (alerts, clocks)
};

}  // namespace aspirasi::server

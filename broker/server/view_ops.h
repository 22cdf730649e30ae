// Who read a ticket (UU 27/2022: a citizen may ask who processed their data): a named person's full
// read of a ticket (get_ticket) is recorded as TICKET_VIEWED before the ticket is handed over.
//
//   who         an [[admin]] acting as itself or through a console (the actor the gatekeeper
//               resolved); an anonymous read on a keyless development setup is not attributed
//   what        the whole ticket: lists and queues show excerpts and are not recorded
//   how often   once per person and ticket per hour of ticket time (ViewLog), so that a person
//               paging back and forth does not fill the record; after a restart the first read
//               is recorded again
//   failure     the read is not answered (UNAVAILABLE) when its record cannot be committed
//
// Thread safety: ViewLog belongs to the event loop; RecordView runs on the writer thread, inside
// its transaction.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "broker/store/store.h"
#include "common/status.h"

namespace aspirasi::server {

struct TicketViewOp {
  uint64_t ticket_id = 0;
  std::string admin_id;  // the reader, an [[admin]] id
  int64_t now_ms = 0;
  std::string answer;  // the encoded get_ticket answer, sent once the record is committed
};

// Records TICKET_VIEWED (actor "admin:<id>") on the ticket as it is now. NOT_FOUND when the ticket is
// gone; store errors as they come.
Status RecordView(store::Store& store, const TicketViewOp& op);

class ViewLog {
 public:
  static constexpr int64_t kWindowMs = 3'600'000;

  // Whether this read must be recorded: no record of the person reading the ticket was committed in
  // the last hour. While a record is on its way to the writer, another read is recorded too (it must
  // not be answered before a record is committed, and the first one may still fail). Each true is
  // followed by Recorded or Failed.
  bool ShouldRecord(const std::string& admin_id, uint64_t ticket_id, int64_t now_ms);
  void Recorded(const std::string& admin_id, uint64_t ticket_id, int64_t now_ms);
  void Failed(const std::string& admin_id, uint64_t ticket_id);
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    int64_t recorded_ms = -1;  // the last committed record (-1: none)
    int in_flight = 0;         // records on their way to the writer
  };
  static std::string Key(const std::string& admin_id, uint64_t ticket_id);
  void Prune(int64_t now_ms);

  std::unordered_map<std::string, Entry> entries_;  // "<admin>\n<ticket id>"
  int64_t next_prune_ms_ = 0;
};

}  // namespace aspirasi::server

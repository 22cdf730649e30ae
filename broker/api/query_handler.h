// The api's queries: turns one api request envelope into its reply, reading the store.
// Runs on the broker's query thread (its own StoreReader), never on the event loop.
//
// Reads are scoped by Envelope.actor: empty = the operator's tools on a trusted network (every
// OPD); an admin id = only that admin's OPDs (a ticket of another OPD is PERMISSION_DENIED, lists
// and counts are narrowed to the admin's OPDs); anything else = PERMISSION_DENIED.
//
// Thread safety: one QueryHandler per thread.
#pragma once

#include <memory>
#include <string>

#include "aspirasi/v1/wire.pb.h"
#include "broker/sla/calendar_set.h"
#include "broker/store/store.h"
#include "common/clock.h"
#include "common/config.h"

namespace aspirasi::api {

// A named admin's read of a whole ticket (get_ticket), which the broker records (TICKET_VIEWED)
// before it answers.
struct FullRead {
  uint64_t ticket_id = 0;  // 0: the request was no such read
  std::string admin_id;
};

class QueryHandler {
 public:
  // `config` must outlive the handler. `calendars`: the SLA's, for get_report's working hours
  // (nullptr: around the clock); `clock`: the broker's (get_report's "now"; nullptr: the real
  // clock), must outlive the handler.
  QueryHandler(std::unique_ptr<store::StoreReader> reader, std::string version, const Config& config,
               std::shared_ptr<const sla::CalendarSet> calendars = nullptr, const Clock* clock = nullptr);

  // REQUIRES: request carries an api query (get_ticket, list_tickets, count_tickets, read_events,
  // get_queue, list_saved_replies, list_alerts, get_report, ping). Always returns a reply envelope with the
  // same request_id: the answer or an error. `read` (optional) is set when the answer gives a named
  // admin a whole ticket.
  v1::Envelope Handle(const v1::Envelope& request, FullRead* read = nullptr);

  // Whether this body is an api query (desk commands go to the writer, not here).
  static bool Accepts(v1::Envelope::BodyCase body);

 private:
  // Narrows `opds` (empty = all) to what the actor may see; INVALID_ARGUMENT (field `field`, the
  // list's path from the envelope body) when it names an OPD the configuration does not have,
  // PERMISSION_DENIED when one outside the actor's.
  template <class Opds>
  Status Scope(const AdminConfig* admin, Opds* opds, const char* field) const;
  Status Handle(const AdminConfig* admin, const v1::Envelope& request, v1::Envelope* reply, FullRead* read);

  std::unique_ptr<store::StoreReader> reader_;
  std::string version_;
  const Config& config_;
  std::shared_ptr<const sla::CalendarSet> calendars_;
  const Clock* clock_;
};

}  // namespace aspirasi::api

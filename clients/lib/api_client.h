// ApiClient: request/reply with the broker's api endpoint (ROUTER), one request at a time.
//
// Every call sends one envelope with a fresh request_id and waits up to timeout_ms for the
// reply carrying the same id; replies with other ids (to an earlier, abandoned request) are
// dropped. An `error` reply becomes its Status (Status::FromProto), e.g. NOT_FOUND. No reply in
// time gives TIMEOUT and the socket is closed and recreated, so a reply that arrives late can
// never be taken for the answer to a later request. Calls are not retried: reads are cheap to
// repeat and the caller knows whether repeating makes sense.
//
// Thread safety: none. Use one ApiClient per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "aspirasi/v1/wire.pb.h"
#include "clients/lib/client_keys.h"
#include "common/status.h"

namespace aspirasi {

namespace client_internal {
class WireSocket;
}

class ApiClient {
 public:
  // Does not connect yet; the first call does. `ctx` may be shared (it must outlive the
  // client); nullptr gives the client its own context. `keys`: CURVE, for a broker with keys.
  explicit ApiClient(std::string endpoint, int timeout_ms = 5000, zmq::context_t* ctx = nullptr,
                     ClientKeys keys = {});
  ~ApiClient();
  ApiClient(const ApiClient&) = delete;
  ApiClient& operator=(const ApiClient&) = delete;

  // Envelope.actor for the following requests (the acting person; empty = none).
  void set_actor(std::string actor) { actor_ = std::move(actor); }
  void set_timeout_ms(int timeout_ms) { timeout_ms_ = timeout_ms; }

  Result<v1::TicketReply> GetTicket(uint64_t ticket_id, bool with_events = false);
  Result<v1::TicketReply> GetTicketByNumber(const std::string& number, bool with_events = false);
  Result<v1::TicketList> ListTickets(const v1::ListTickets& request);
  Result<v1::Counts> CountTickets(const v1::CountTickets& request);
  // Events with seq > after_seq; limit 0 = the broker's default; empty opds = all.
  Result<v1::EventList> ReadEvents(uint64_t after_seq, uint32_t limit = 0,
                                   const std::vector<std::string>& opds = {});
  Result<v1::Pong> Ping();

  // ---- the OPD desks (need set_actor with an admin id from the configuration)
  // Claim, release, reply, note, transfer, ask, resolve, reopen, assign: the ticket afterwards.
  Result<v1::DeskResult> Desk(const v1::DeskCommand& command);
  // The OPD's open tickets, most urgent first, then by deadline.
  Result<v1::TicketList> Queue(const std::string& opd, uint32_t limit = 0, bool include_waiting = true);
  // Saved replies for an OPD (its own and the "*" ones); empty opd = all.
  Result<v1::SavedReplies> SavedReplies(const std::string& opd);

  // ---- supervisors
  // Service figures over the tickets received in [from_ms, to_ms); empty opds = all the actor may see.
  Result<v1::Report> Report(int64_t from_ms, int64_t to_ms, const std::vector<std::string>& opds = {});

  // The general form: sends `request` (its request_id is set here) and returns the reply
  // envelope, or the Status of an error reply / timeout / socket failure.
  Result<v1::Envelope> Call(v1::Envelope request);

  const std::string& endpoint() const { return endpoint_; }

 private:
  std::string endpoint_;
  int timeout_ms_;
  std::string actor_;
  ClientKeys keys_;
  std::unique_ptr<zmq::context_t> own_ctx_;
  zmq::context_t* ctx_;
  std::unique_ptr<client_internal::WireSocket> socket_;
  uint64_t next_request_id_ = 1;
};

}  // namespace aspirasi

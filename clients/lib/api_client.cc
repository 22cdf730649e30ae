#include "clients/lib/api_client.h"

#include <algorithm>

#include "clients/lib/wire_socket.h"
#include "common/clock.h"
#include "common/frame.h"
#include "common/log.h"

namespace aspirasi {
namespace {

using client_internal::Incoming;
using client_internal::WireSocket;

// Unwraps the reply body `has`/`get` or reports the unexpected body.
template <class T, class Has, class Get>
Result<T> Expect(Result<v1::Envelope> reply, Has has, Get get, const char* want) {
  if (!reply.ok()) return reply.status();
  const v1::Envelope& env = reply.value();
  if (!(env.*has)()) {
    return Status::Internal(std::string("expected a '") + want + "' reply, got '" +
                            std::string(BodyName(env)) + "'");
  }
  return T((env.*get)());
}

}  // namespace

ApiClient::ApiClient(std::string endpoint, int timeout_ms, zmq::context_t* ctx, ClientKeys keys)
    : endpoint_(std::move(endpoint)), timeout_ms_(timeout_ms), keys_(std::move(keys)), ctx_(ctx) {
  if (ctx_ == nullptr) {
    own_ctx_ = std::make_unique<zmq::context_t>(1);
    ctx_ = own_ctx_.get();
  }
}

ApiClient::~ApiClient() = default;

Result<v1::Envelope> ApiClient::Call(v1::Envelope request) {
  if (!socket_) {
    client_internal::WireSocketOptions wo;
    wo.keys = keys_;
    auto s = WireSocket::Dealer(*ctx_, endpoint_, wo);
    if (!s.ok()) return s.status();
    socket_ = std::move(s).value();
  }
  uint64_t id = next_request_id_++;
  request.set_request_id(id);
  if (!actor_.empty() && request.actor().empty()) request.set_actor(actor_);
  if (Status st = socket_->Send(request); !st.ok()) {
    socket_.reset();
    return st;
  }
  const int64_t deadline = RealClock().MonoUs() + int64_t{std::max(timeout_ms_, 0)} * 1000;
  while (true) {
    Incoming in = socket_->Receive();
    if (in.kind == Incoming::kEnvelope && in.envelope.request_id() == id) {
      if (in.envelope.has_error()) return Status::FromProto(in.envelope.error());
      return std::move(in.envelope);
    }
    if (in.kind == Incoming::kEnvelope && in.envelope.request_id() == 0 && in.envelope.has_error()) {
      ModuleLogger("api")->warn("{} rejected a message: {}", endpoint_,
                                Status::FromProto(in.envelope.error()).ToString());
    }
    if (in.kind != Incoming::kNothing) continue;  // stale or undecodable: keep waiting
    int64_t left_us = deadline - RealClock().MonoUs();
    if (left_us <= 0) break;
    socket_->WaitReadable(static_cast<int>((left_us + 999) / 1000));
  }
  // A broker that refused our key never answers: say so rather than "no reply".
  Status refused = socket_->HandshakeRefusal();
  socket_.reset();  // a late reply must not answer the next request
  if (!refused.ok()) return refused;
  return Status::Timeout("no reply from " + endpoint_ + " within " + std::to_string(timeout_ms_) + " ms");
}

Result<v1::TicketReply> ApiClient::GetTicket(uint64_t ticket_id, bool with_events) {
  v1::Envelope env;
  env.mutable_get_ticket()->set_ticket_id(ticket_id);
  env.mutable_get_ticket()->set_with_events(with_events);
  return Expect<v1::TicketReply>(Call(std::move(env)), &v1::Envelope::has_ticket, &v1::Envelope::ticket,
                                 "ticket");
}

Result<v1::TicketReply> ApiClient::GetTicketByNumber(const std::string& number, bool with_events) {
  v1::Envelope env;
  env.mutable_get_ticket()->set_number(number);
  env.mutable_get_ticket()->set_with_events(with_events);
  return Expect<v1::TicketReply>(Call(std::move(env)), &v1::Envelope::has_ticket, &v1::Envelope::ticket,
                                 "ticket");
}

Result<v1::TicketList> ApiClient::ListTickets(const v1::ListTickets& request) {
  v1::Envelope env;
  *env.mutable_list_tickets() = request;
  return Expect<v1::TicketList>(Call(std::move(env)), &v1::Envelope::has_ticket_list,
                                &v1::Envelope::ticket_list, "ticket_list");
}

Result<v1::Counts> ApiClient::CountTickets(const v1::CountTickets& request) {
  v1::Envelope env;
  *env.mutable_count_tickets() = request;
  return Expect<v1::Counts>(Call(std::move(env)), &v1::Envelope::has_counts, &v1::Envelope::counts, "counts");
}

Result<v1::EventList> ApiClient::ReadEvents(uint64_t after_seq, uint32_t limit,
                                            const std::vector<std::string>& opds) {
  v1::Envelope env;
  auto* r = env.mutable_read_events();
  r->set_after_seq(after_seq);
  r->set_limit(limit);
  for (const auto& o : opds) r->add_opds(o);
  return Expect<v1::EventList>(Call(std::move(env)), &v1::Envelope::has_event_list, &v1::Envelope::event_list,
                               "event_list");
}

Result<v1::Pong> ApiClient::Ping() {
  v1::Envelope env;
  env.mutable_ping();
  return Expect<v1::Pong>(Call(std::move(env)), &v1::Envelope::has_pong, &v1::Envelope::pong, "pong");
}

Result<v1::DeskResult> ApiClient::Desk(const v1::DeskCommand& command) {
  v1::Envelope env;
  *env.mutable_desk() = command;
  return Expect<v1::DeskResult>(Call(std::move(env)), &v1::Envelope::has_desk_result,
                                &v1::Envelope::desk_result, "desk_result");
}

Result<v1::TicketList> ApiClient::Queue(const std::string& opd, uint32_t limit, bool include_waiting) {
  v1::Envelope env;
  auto* q = env.mutable_get_queue();
  q->set_opd(opd);
  q->set_limit(limit);
  q->set_include_waiting(include_waiting);
  return Expect<v1::TicketList>(Call(std::move(env)), &v1::Envelope::has_ticket_list,
                                &v1::Envelope::ticket_list, "ticket_list");
}

Result<v1::SavedReplies> ApiClient::SavedReplies(const std::string& opd) {
  v1::Envelope env;
  env.mutable_list_saved_replies()->set_opd(opd);
  return Expect<v1::SavedReplies>(Call(std::move(env)), &v1::Envelope::has_saved_replies,
                                  &v1::Envelope::saved_replies, "saved_replies");
}

Result<v1::Report> ApiClient::Report(int64_t from_ms, int64_t to_ms, const std::vector<std::string>& opds) {
  v1::Envelope env;
  auto* q = env.mutable_get_report();
  q->set_from_ms(from_ms);
  q->set_to_ms(to_ms);
  for (const auto& o : opds) q->add_opds(o);
  return Expect<v1::Report>(Call(std::move(env)), &v1::Envelope::has_report, &v1::Envelope::report, "report");
}

}  // namespace aspirasi

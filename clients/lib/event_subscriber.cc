#include "clients/lib/event_subscriber.h"

#include <algorithm>

#include "clients/lib/wire_socket.h"
#include "common/clock.h"
#include "common/head_notice.h"
#include "common/log.h"

namespace aspirasi {
namespace {

using client_internal::Incoming;
using client_internal::WireSocket;

int64_t NowUs() { return RealClock().MonoUs(); }

zmq::context_t* OwnOrShared(std::unique_ptr<zmq::context_t>& own, zmq::context_t* ctx) {
  if (ctx != nullptr) return ctx;
  own = std::make_unique<zmq::context_t>(1);
  return own.get();
}

}  // namespace

EventSubscriber::EventSubscriber(std::string api_endpoint, std::string events_endpoint,
                                 std::vector<std::string> opds, EventSubscriberOptions options,
                                 zmq::context_t* ctx)
    : events_endpoint_(std::move(events_endpoint)),
      opds_(std::move(opds)),
      options_(options),
      ctx_(OwnOrShared(own_ctx_, ctx)),
      api_(std::move(api_endpoint), options.api_timeout_ms, ctx_, options.keys) {
  api_.set_actor(options_.actor);
}

EventSubscriber::~EventSubscriber() = default;

uint64_t EventSubscriber::covered() const { return sequencer_ ? sequencer_->covered() : 0; }

Status EventSubscriber::Start(uint64_t after_seq) {
  sub_.reset();
  client_internal::WireSocketOptions wo;
  wo.keys = options_.keys;
  auto s = WireSocket::Sub(*ctx_, events_endpoint_, kHeadTopic, wo);
  if (!s.ok()) return s.status();
  sub_ = std::move(s).value();
  // Subscribe first, then read: a notice sent meanwhile asks for one more read, none is missed.
  sequencer_ = std::make_unique<EventSequencer>(after_seq, opds_);
  warned_store_behind_ = false;
  last_activity_us_ = NowUs();
  return Status::Ok();
}

void EventSubscriber::DrainLive() {
  while (true) {
    Incoming in = sub_->Receive();
    if (in.kind == Incoming::kNothing) return;
    if (in.kind != Incoming::kHead) {
      // Not a head notice (a broken message, or a broker of another version): the idle check
      // still finds every event.
      if (!warned_bad_notice_) {
        warned_bad_notice_ = true;
        ModuleLogger("events")->warn("ignoring a message on the events endpoint: {}", in.error.ToString());
      }
      continue;
    }
    // The broker is alive and its head is known: no need for an idle check until the next quiet.
    last_activity_us_ = NowUs();
    sequencer_->OnHead(in.head_seq);
    WarnIfStoreBehind(in.head_seq);
  }
}

void EventSubscriber::WarnIfStoreBehind(uint64_t last_seq) {
  if (!sequencer_->store_behind() || warned_store_behind_) return;
  warned_store_behind_ = true;
  ModuleLogger("events")->warn(
      "the broker's event log ends at seq {} but this subscriber has seen up to {}: was the store replaced?",
      last_seq, sequencer_->covered());
}

Status EventSubscriber::CatchUp() {
  while (sequencer_->NeedsCatchUp()) {
    auto list = api_.ReadEvents(sequencer_->covered(), options_.read_limit, sequencer_->opds());
    if (!list.ok()) return list.status();
    sequencer_->OnCatchUp(list.value());
    WarnIfStoreBehind(list->last_seq());
    DrainLive();
  }
  last_activity_us_ = NowUs();
  return Status::Ok();
}

Result<std::optional<v1::Event>> EventSubscriber::Next(int timeout_ms) {
  if (!sequencer_) return Status::InvalidArgument("subscriber", "Next() before Start()");
  const int64_t deadline = NowUs() + int64_t{std::max(timeout_ms, 0)} * 1000;
  while (true) {
    if (auto e = sequencer_->Pop()) return std::optional<v1::Event>(std::move(*e));
    DrainLive();
    if (sequencer_->ready() > 0) continue;
    int64_t now = NowUs();
    if (!sequencer_->NeedsCatchUp() && now - last_activity_us_ >= int64_t{options_.idle_check_ms} * 1000) {
      sequencer_->RequestCatchUp();  // the newest events may have been lost with nothing after them
    }
    if (sequencer_->NeedsCatchUp()) {
      if (Status st = CatchUp(); !st.ok()) return st;
      continue;
    }
    if (now >= deadline) return std::optional<v1::Event>();
    int64_t wake = std::min(deadline, last_activity_us_ + int64_t{options_.idle_check_ms} * 1000);
    sub_->WaitReadable(static_cast<int>(std::max<int64_t>((wake - now + 999) / 1000, 0)));
  }
}

}  // namespace aspirasi

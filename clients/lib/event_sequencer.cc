#include "clients/lib/event_sequencer.h"

namespace aspirasi {

EventSequencer::EventSequencer(uint64_t after_seq, std::vector<std::string> opds, std::size_t max_buffered)
    : covered_(after_seq),
      opds_(std::move(opds)),
      opd_set_(opds_.begin(), opds_.end()),
      max_buffered_(max_buffered) {}

bool EventSequencer::Matches(const v1::Event& e) const {
  return opd_set_.empty() || opd_set_.count(e.opd()) > 0;
}

void EventSequencer::Accept(v1::Event event) {
  covered_ = event.seq();
  if (Matches(event)) out_.push_back(std::move(event));
}

void EventSequencer::OnLive(v1::Event event) {
  uint64_t seq = event.seq();
  if (seq <= covered_) return;  // seen already (through a catch-up or a repeat)
  if (!needs_catch_up_ && seq == covered_ + 1) {
    Accept(std::move(event));
    Drain();
    return;
  }
  // Early (a gap before it) or arriving during a catch-up: keep it for later. When the buffer
  // is full the event is dropped; the catch-up read fetches it from the store instead.
  if (buffer_.size() < max_buffered_) buffer_.emplace(seq, std::move(event));
  if (!needs_catch_up_) needs_catch_up_ = true;
}

void EventSequencer::OnCatchUp(const v1::EventList& list) {
  uint64_t newest_returned = 0;
  for (const v1::Event& e : list.events()) {
    newest_returned = e.seq();
    if (e.seq() <= covered_) continue;
    // A filtered read skips other OPDs' seqs: everything up to e.seq() has been seen.
    covered_ = e.seq();
    if (Matches(e)) out_.push_back(e);
  }
  bool caught_up = list.events().empty() || newest_returned >= list.last_seq();
  if (!caught_up) return;  // more to read after covered_
  if (list.last_seq() > covered_) covered_ = list.last_seq();
  if (list.last_seq() < covered_) store_behind_ = true;
  needs_catch_up_ = false;
  Drain();
}

void EventSequencer::Drain() {
  while (!buffer_.empty()) {
    auto it = buffer_.begin();
    if (it->first <= covered_) {
      buffer_.erase(it);
    } else if (it->first == covered_ + 1) {
      v1::Event e = std::move(it->second);
      buffer_.erase(it);
      Accept(std::move(e));
    } else {
      needs_catch_up_ = true;  // a gap: read it from the store
      return;
    }
  }
}

std::optional<v1::Event> EventSequencer::Pop() {
  if (out_.empty()) return std::nullopt;
  v1::Event e = std::move(out_.front());
  out_.pop_front();
  return e;
}

}  // namespace aspirasi

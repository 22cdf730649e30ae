#include "clients/lib/event_sequencer.h"

namespace aspirasi {

namespace {

// The broker names OPDs in upper case whatever case a reader asks in.
std::vector<std::string> Upper(std::vector<std::string> opds) {
  for (auto& o : opds)
    for (char& c : o) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
  return opds;
}

}  // namespace

EventSequencer::EventSequencer(uint64_t after_seq, std::vector<std::string> opds)
    : covered_(after_seq), opds_(Upper(std::move(opds))), opd_set_(opds_.begin(), opds_.end()) {}

bool EventSequencer::Matches(const v1::Event& e) const {
  return opd_set_.empty() || opd_set_.count(e.opd()) > 0;
}

void EventSequencer::OnHead(uint64_t last_seq) {
  if (last_seq > covered_) needs_catch_up_ = true;
  if (last_seq < covered_) store_behind_ = true;  // a broker whose log ends before what was seen
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
}

std::optional<v1::Event> EventSequencer::Pop() {
  if (out_.empty()) return std::nullopt;
  v1::Event e = std::move(out_.front());
  out_.pop_front();
  return e;
}

}  // namespace aspirasi

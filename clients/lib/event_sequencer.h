// EventSequencer: turns live events (PUB, may be lost or repeated) plus catch-up reads
// (read_events) into one stream with every matching event exactly once, in seq order.
//
// No sockets: EventSubscriber feeds it, tests drive it directly.
//
// It tracks `covered`: every event with seq <= covered has been handled (queued for the
// caller when it matches the OPD filter, skipped otherwise). Live events must be unfiltered
// (subscribe to "ev.") so that a missing seq is visible as a gap; the OPD filter is applied
// here. Catch-up replies may be filtered by the broker (ReadEvents.opds = opds()).
//
// Protocol with the owner:
//   while (NeedsCatchUp()) OnCatchUp(read_events(after_seq = covered(), opds = opds()));
//   OnLive(e) for every live event; Pop() for the output.
// Thread safety: none.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "aspirasi/v1/event.pb.h"
#include "aspirasi/v1/wire.pb.h"

namespace aspirasi {

class EventSequencer {
 public:
  // Yields events with seq > after_seq whose opd is in `opds` (empty = all).
  // Starts needing a catch-up read.
  EventSequencer(uint64_t after_seq, std::vector<std::string> opds, std::size_t max_buffered = 100000);

  // A live event. Out-of-order or early events are buffered; a gap asks for a catch-up.
  void OnLive(v1::Event event);
  // A reply to read_events{after_seq = covered()}. Caught up when the reply reaches the
  // store's newest seq (event_list.last_seq); then buffered live events are drained.
  void OnCatchUp(const v1::EventList& list);
  // Asks for a catch-up read even without a known gap (e.g. after a quiet period, in case the
  // newest events were lost).
  void RequestCatchUp() { needs_catch_up_ = true; }

  bool NeedsCatchUp() const { return needs_catch_up_; }
  uint64_t covered() const { return covered_; }
  const std::vector<std::string>& opds() const { return opds_; }

  // The next event for the caller, in seq order.
  std::optional<v1::Event> Pop();
  std::size_t ready() const { return out_.size(); }
  // True when a catch-up reply's last_seq was below covered(): the broker's store was replaced
  // (new installation, restore of an older backup). The owner should alert an operator.
  bool store_behind() const { return store_behind_; }
  std::size_t buffered() const { return buffer_.size(); }

 private:
  bool Matches(const v1::Event& e) const;
  void Accept(v1::Event event);  // REQUIRES: event.seq() == covered_ + 1
  void Drain();

  uint64_t covered_;
  std::vector<std::string> opds_;
  std::set<std::string> opd_set_;
  std::size_t max_buffered_;
  bool needs_catch_up_ = true;
  bool store_behind_ = false;
  std::map<uint64_t, v1::Event> buffer_;  // live events past covered_ + 1, by seq
  std::deque<v1::Event> out_;
};

}  // namespace aspirasi

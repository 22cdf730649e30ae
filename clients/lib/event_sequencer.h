// EventSequencer: turns head notices (the events endpoint, may be lost) plus catch-up reads
// (read_events) into one stream with every matching event exactly once, in seq order.
//
// No sockets: EventSubscriber feeds it, tests drive it directly.
//
// It tracks `covered`: every event with seq <= covered has been handled (queued for the
// caller when it matches the OPD filter, skipped otherwise). The events endpoint announces only
// the newest seq (common/head_notice.h); the events come from read_events, which the broker
// filters by the identity's rights and by opds().
//
// Protocol with the owner:
//   while (NeedsCatchUp()) OnCatchUp(read_events(after_seq = covered(), opds = opds()));
//   OnHead(seq) for every head notice; Pop() for the output.
// Thread safety: none.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "aspirasi/v1/event.pb.h"
#include "aspirasi/v1/wire.pb.h"

namespace aspirasi {

class EventSequencer {
 public:
  // Yields events with seq > after_seq whose opd is in `opds` (any case; empty = all).
  // Starts needing a catch-up read.
  EventSequencer(uint64_t after_seq, std::vector<std::string> opds);

  // A head notice: the broker's newest seq. Past covered(): a catch-up read is needed; before
  // it: the store was replaced (store_behind()).
  void OnHead(uint64_t last_seq);
  // A reply to read_events{after_seq = covered()}. Caught up when the reply reaches the
  // store's newest seq (event_list.last_seq).
  void OnCatchUp(const v1::EventList& list);
  // Asks for a catch-up read even without a notice (e.g. after a quiet period, in case the
  // notices were lost).
  void RequestCatchUp() { needs_catch_up_ = true; }

  bool NeedsCatchUp() const { return needs_catch_up_; }
  uint64_t covered() const { return covered_; }
  const std::vector<std::string>& opds() const { return opds_; }

  // The next event for the caller, in seq order.
  std::optional<v1::Event> Pop();
  std::size_t ready() const { return out_.size(); }
  // True when a catch-up reply's or a notice's last_seq was below covered(): the store was replaced
  // (new installation, restore of an older backup). The owner should alert an operator.
  bool store_behind() const { return store_behind_; }

 private:
  bool Matches(const v1::Event& e) const;

  uint64_t covered_;
  std::vector<std::string> opds_;
  std::set<std::string> opd_set_;
  bool needs_catch_up_ = true;
  bool store_behind_ = false;
  std::deque<v1::Event> out_;
};

}  // namespace aspirasi

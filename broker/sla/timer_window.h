// TimerWindow: the SLA timers within a memory bound, however many tickets are open.
//
// The store keeps every open ticket's next SLA instant (tickets.sla_next_ms, indexed); a Tracker
// (tracker.h) holds the earliest of them, at most `capacity`. Past that the window is *spilled*: it
// holds exactly the store's timers up to a horizon (by due instant, then ticket), and reads the next
// ones in order (capacity / 2 at a time) once it holds fewer than capacity / 4, or none. An
// Upsert beyond the horizon leaves the timer in the store only. Timers then fire in the same order
// as if all were held; memory stays under capacity * ~47 bytes (the tracker's cost per timer).
//
// The caller must Upsert/Remove only what the store has committed (the broker does it when the
// writer reports the commit): a read of the store then never contradicts the window for long,
// because the commit's own Upsert follows and carries the truth.
//
// Thread safety: none; the broker's event loop owns it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "broker/sla/tracker.h"
#include "common/clock.h"
#include "common/status.h"

namespace aspirasi::sla {

class TimerWindow {
 public:
  // The store's timers after `after` (by due, then ticket; nullopt: from the first), at most
  // `limit`, in order.
  using Loader =
      std::function<Result<std::vector<Deadline>>(std::optional<Deadline> after, std::size_t limit)>;

  static constexpr std::size_t kDefaultCapacity = 262144;  // ~12 MB of timers

  TimerWindow(const Clock& clock, Loader loader, std::size_t capacity = kDefaultCapacity);

  // Reads the first timers from the store (at start).
  Status Load();

  // The ticket's next instant, as committed.
  void Upsert(uint64_t ticket, int64_t due_ms);
  void Remove(uint64_t ticket);

  // As Tracker's; they read the store first when the window runs low.
  int64_t NextDueMs();
  int64_t WaitMs(int64_t max_wait_ms);
  std::size_t PopDue(std::vector<Deadline>* out, std::size_t limit);

  std::size_t held() const { return tracker_.size(); }
  bool spilled() const { return horizon_.has_value(); }
  std::size_t MemoryBytes() const { return tracker_.MemoryBytes(); }
  // Store reads so far (for tests and metrics).
  uint64_t reads() const { return reads_; }

 private:
  bool Beyond(uint64_t ticket, int64_t due_ms) const;
  // Reads the next timers when spilled and low.
  void Refill();

  Tracker tracker_;
  Loader loader_;
  std::size_t capacity_;
  std::optional<Deadline> horizon_;  // set while spilled: the latest timer held
  uint64_t reads_ = 0;
};

}  // namespace aspirasi::sla

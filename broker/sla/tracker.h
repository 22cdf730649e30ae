// Tracker: timers, not scans. Each open ticket's next SLA instant (clocks.h NextTimer) lives in an
// indexed binary min-heap of (due_ms, ticket), with a flat hash index ticket -> heap position.
//
// Costs: Upsert and Remove O(log n); NextDueMs O(1); PopDue O(k log n) for k due entries; Rebuild
// O(n) (heapify). Nothing is proportional to the number of open tickets per tick: the owner polls
// with WaitMs() as its timeout and calls PopDue() when it wakes. Memory: 16 bytes of heap entry
// plus 14 to 27 bytes of index per ticket, at most twice that while vectors grow (under 90 bytes;
// MemoryBytes() reports the capacity actually held).
//
// Time comes from a Clock (common/clock.h): SystemClock in the broker, ManualClock in tests, which
// then run a month of SLA in milliseconds. Lateness of a timer = the clock when it is popped - due.
//
// REQUIRES: ticket ids are not IdMap::kEmptyId (UINT64_MAX). Thread safety: none; one thread (the
// broker's event loop) owns a Tracker, or the owner locks around it.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "broker/sla/id_map.h"
#include "common/clock.h"

namespace aspirasi::sla {

struct Deadline {
  int64_t due_ms = 0;
  uint64_t ticket = 0;
};

class Tracker {
 public:
  static constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

  explicit Tracker(const Clock& clock) : clock_(clock) {}

  // Sets the ticket's next instant (adds the ticket, or moves it).
  void Upsert(uint64_t ticket, int64_t due_ms);
  // Forgets the ticket (resolved, or nothing pending); false when it was not there.
  bool Remove(uint64_t ticket);
  std::optional<int64_t> DueOf(uint64_t ticket) const;

  // The earliest due instant, kNever when empty.
  int64_t NextDueMs() const { return heap_.empty() ? kNever : heap_.front().due_ms; }
  // Milliseconds from the clock's now until the earliest due instant, within [0, max_wait_ms].
  int64_t WaitMs(int64_t max_wait_ms) const;

  // Removes every deadline due at or before now (the clock's, or now_ms), at most `limit`,
  // earliest first, appending them to *out; returns how many. The owner recomputes each ticket's
  // next timer and Upserts it again.
  std::size_t PopDue(std::vector<Deadline>* out, std::size_t limit = kAll) {
    return PopDueAt(clock_.NowMs(), out, limit);
  }
  std::size_t PopDueAt(int64_t now_ms, std::vector<Deadline>* out, std::size_t limit = kAll);

  // Replaces the contents in O(n), as at start from the store's indexed column. A ticket listed
  // twice keeps its last instant.
  void Rebuild(const std::vector<Deadline>& deadlines);
  // Keeps the `n` earliest deadlines (by due, then ticket) and forgets the rest, in O(size);
  // returns the latest one kept. REQUIRES: 0 < n < size().
  Deadline KeepEarliest(std::size_t n);
  // Orders deadlines as the heap does: by due instant, then ticket.
  static bool Less(const Deadline& a, const Deadline& b) {
    return a.due_ms < b.due_ms || (a.due_ms == b.due_ms && a.ticket < b.ticket);
  }

  std::size_t size() const { return heap_.size(); }
  bool empty() const { return heap_.empty(); }
  // Bytes held by the heap and the index (capacity, not size).
  std::size_t MemoryBytes() const { return heap_.capacity() * sizeof(Deadline) + index_.MemoryBytes(); }

 private:
  static constexpr std::size_t kAll = std::numeric_limits<std::size_t>::max();

  void Place(std::size_t pos, const Deadline& d);
  void SiftUp(std::size_t pos);
  void SiftDown(std::size_t pos);
  void RemoveAt(std::size_t pos);

  const Clock& clock_;
  std::vector<Deadline> heap_;
  IdMap index_;  // ticket -> position in heap_
};

}  // namespace aspirasi::sla

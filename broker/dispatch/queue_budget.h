// QueueBudget: the memory the broker's queues may use ([broker] queue_memory_mb), one budget for the
// whole process: the ticket and the reply dispatcher charge the same one.
//
// What a queued item costs is an estimate, close to what the allocator hands out on 64-bit
// Linux: kEntryBytes for its place in a queue (the ordered map's node, the id index's node, the
// item itself), and kBodyOverhead plus the body's size while its body is kept in memory. Past the
// budget, bodies are read from the store when delivered, and items stay in the store until their
// queue has room again (dispatcher.h).
//
// Thread safety: not thread-safe; owned by the broker's event-loop thread.
#pragma once

#include <cstddef>

namespace aspirasi::dispatch {

struct QueueBudget {
  static constexpr std::size_t kEntryBytes = 256;
  static constexpr std::size_t kBodyOverhead = 64;

  explicit QueueBudget(std::size_t limit) : limit_bytes(limit) {}

  bool Fits(std::size_t bytes) const { return used_bytes + bytes <= limit_bytes; }
  void Take(std::size_t bytes) { used_bytes += bytes; }
  void Give(std::size_t bytes) { used_bytes -= bytes < used_bytes ? bytes : used_bytes; }

  std::size_t limit_bytes;
  std::size_t used_bytes = 0;
};

}  // namespace aspirasi::dispatch

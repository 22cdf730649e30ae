// IdMap: ticket id -> 32-bit value, a flat open-addressing hash table (linear probing,
// backward-shift deletion). 12 bytes a slot, one allocation, at most 7/8 full: 14 to 27 bytes an
// entry, against 40+ for std::unordered_map's nodes. Used by the tracker for ticket -> heap position.
//
// REQUIRES: ids are never kEmptyId. Thread safety: none; the owner serializes access.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

namespace aspirasi::sla {

class IdMap {
 public:
  static constexpr uint64_t kEmptyId = std::numeric_limits<uint64_t>::max();

  // Pointer to the value of `id`, or nullptr. Valid until the next Insert or Erase.
  uint32_t* Find(uint64_t id);
  const uint32_t* Find(uint64_t id) const { return const_cast<IdMap*>(this)->Find(id); }
  // Inserts or overwrites.
  void Put(uint64_t id, uint32_t value);
  // Returns whether it was there.
  bool Erase(uint64_t id);
  void Clear();
  // Sized for n entries without growing.
  void Reserve(std::size_t n);

  std::size_t size() const { return size_; }
  std::size_t MemoryBytes() const {
    return keys_.capacity() * sizeof(uint64_t) + values_.capacity() * sizeof(uint32_t);
  }

 private:
  std::size_t Slot(uint64_t id) const;
  void Grow(std::size_t slots);

  std::vector<uint64_t> keys_;
  std::vector<uint32_t> values_;
  std::size_t size_ = 0;
  std::size_t mask_ = 0;
};

}  // namespace aspirasi::sla

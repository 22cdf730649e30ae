#include "broker/sla/id_map.h"

#include <utility>

namespace aspirasi::sla {

std::size_t IdMap::Slot(uint64_t id) const {
  // splitmix64 finalizer: sequential ticket ids spread over the table.
  id += 0x9e3779b97f4a7c15ULL;
  id = (id ^ (id >> 30)) * 0xbf58476d1ce4e5b9ULL;
  id = (id ^ (id >> 27)) * 0x94d049bb133111ebULL;
  return static_cast<std::size_t>(id ^ (id >> 31)) & mask_;
}

uint32_t* IdMap::Find(uint64_t id) {
  if (size_ == 0) return nullptr;
  for (std::size_t i = Slot(id);; i = (i + 1) & mask_) {
    if (keys_[i] == id) return &values_[i];
    if (keys_[i] == kEmptyId) return nullptr;
  }
}

void IdMap::Put(uint64_t id, uint32_t value) {
  if ((size_ + 1) * 8 > keys_.size() * 7) Grow(keys_.empty() ? 16 : keys_.size() * 2);
  for (std::size_t i = Slot(id);; i = (i + 1) & mask_) {
    if (keys_[i] == id) {
      values_[i] = value;
      return;
    }
    if (keys_[i] == kEmptyId) {
      keys_[i] = id;
      values_[i] = value;
      ++size_;
      return;
    }
  }
}

bool IdMap::Erase(uint64_t id) {
  if (size_ == 0) return false;
  std::size_t i = Slot(id);
  while (keys_[i] != id) {
    if (keys_[i] == kEmptyId) return false;
    i = (i + 1) & mask_;
  }
  // Backward shift: move later members of the probe run into the hole, no tombstones.
  for (std::size_t j = (i + 1) & mask_; keys_[j] != kEmptyId; j = (j + 1) & mask_) {
    std::size_t home = Slot(keys_[j]);
    // Movable when its home is not in the cyclic range (i, j].
    bool in_range = i <= j ? (home > i && home <= j) : (home > i || home <= j);
    if (!in_range) {
      keys_[i] = keys_[j];
      values_[i] = values_[j];
      i = j;
    }
  }
  keys_[i] = kEmptyId;
  --size_;
  return true;
}

void IdMap::Clear() {
  keys_.assign(keys_.size(), kEmptyId);
  size_ = 0;
}

void IdMap::Reserve(std::size_t n) {
  std::size_t slots = 16;
  while (slots * 7 < n * 8) slots *= 2;
  if (slots > keys_.size()) Grow(slots);
}

void IdMap::Grow(std::size_t slots) {
  std::vector<uint64_t> old_keys(slots, kEmptyId);
  std::vector<uint32_t> old_values(slots, 0);
  old_keys.swap(keys_);
  old_values.swap(values_);
  mask_ = slots - 1;
  size_ = 0;
  for (std::size_t i = 0; i < old_keys.size(); ++i) {
    if (old_keys[i] != kEmptyId) Put(old_keys[i], old_values[i]);
  }
}

}  // namespace aspirasi::sla

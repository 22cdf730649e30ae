#include "broker/sla/tracker.h"

#include <algorithm>

namespace aspirasi::sla {

void Tracker::Place(std::size_t pos, const Deadline& d) {
  heap_[pos] = d;
  index_.Put(d.ticket, static_cast<uint32_t>(pos));
}

void Tracker::SiftUp(std::size_t pos) {
  Deadline d = heap_[pos];
  while (pos > 0) {
    std::size_t parent = (pos - 1) / 2;
    if (!Less(d, heap_[parent])) break;
    Place(pos, heap_[parent]);
    pos = parent;
  }
  Place(pos, d);
}

void Tracker::SiftDown(std::size_t pos) {
  Deadline d = heap_[pos];
  const std::size_t n = heap_.size();
  for (;;) {
    std::size_t child = 2 * pos + 1;
    if (child >= n) break;
    if (child + 1 < n && Less(heap_[child + 1], heap_[child])) ++child;
    if (!Less(heap_[child], d)) break;
    Place(pos, heap_[child]);
    pos = child;
  }
  Place(pos, d);
}

void Tracker::Upsert(uint64_t ticket, int64_t due_ms) {
  if (uint32_t* pos = index_.Find(ticket)) {
    std::size_t p = *pos;
    int64_t old = heap_[p].due_ms;
    heap_[p].due_ms = due_ms;
    if (due_ms < old) {
      SiftUp(p);
    } else if (due_ms > old) {
      SiftDown(p);
    }
    return;
  }
  heap_.push_back({due_ms, ticket});
  SiftUp(heap_.size() - 1);
}

void Tracker::RemoveAt(std::size_t pos) {
  index_.Erase(heap_[pos].ticket);
  Deadline last = heap_.back();
  heap_.pop_back();
  if (pos == heap_.size()) return;
  Place(pos, last);
  if (pos > 0 && Less(last, heap_[(pos - 1) / 2])) {
    SiftUp(pos);
  } else {
    SiftDown(pos);
  }
}

bool Tracker::Remove(uint64_t ticket) {
  const uint32_t* pos = index_.Find(ticket);
  if (pos == nullptr) return false;
  RemoveAt(*pos);
  return true;
}

std::optional<int64_t> Tracker::DueOf(uint64_t ticket) const {
  const uint32_t* pos = index_.Find(ticket);
  if (pos == nullptr) return std::nullopt;
  return heap_[*pos].due_ms;
}

int64_t Tracker::WaitMs(int64_t max_wait_ms) const {
  if (heap_.empty()) return max_wait_ms;
  int64_t wait = heap_.front().due_ms - clock_.NowMs();
  return std::clamp<int64_t>(wait, 0, max_wait_ms);
}

std::size_t Tracker::PopDueAt(int64_t now_ms, std::vector<Deadline>* out, std::size_t limit) {
  std::size_t n = 0;
  while (n < limit && !heap_.empty() && heap_.front().due_ms <= now_ms) {
    out->push_back(heap_.front());
    RemoveAt(0);
    ++n;
  }
  return n;
}

void Tracker::Rebuild(const std::vector<Deadline>& deadlines) {
  heap_.clear();
  heap_.shrink_to_fit();
  heap_.reserve(deadlines.size());
  index_.Clear();
  index_.Reserve(deadlines.size());
  for (const Deadline& d : deadlines) {
    if (uint32_t* pos = index_.Find(d.ticket)) {
      heap_[*pos].due_ms = d.due_ms;
      continue;
    }
    index_.Put(d.ticket, static_cast<uint32_t>(heap_.size()));
    heap_.push_back(d);
  }
  for (std::size_t i = heap_.size() / 2; i-- > 0;) SiftDown(i);
}

Deadline Tracker::KeepEarliest(std::size_t n) {
  std::vector<Deadline> kept(heap_.begin(), heap_.end());
  std::nth_element(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(n - 1), kept.end(), Less);
  kept.resize(n);
  Deadline last = *std::max_element(kept.begin(), kept.end(), Less);
  Rebuild(kept);
  return last;
}

}  // namespace aspirasi::sla

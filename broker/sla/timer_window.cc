#include "broker/sla/timer_window.h"

#include <algorithm>

namespace aspirasi::sla {

TimerWindow::TimerWindow(const Clock& clock, Loader loader, std::size_t capacity)
    : tracker_(clock), loader_(std::move(loader)), capacity_(std::max<std::size_t>(capacity, 4)) {}

Status TimerWindow::Load() {
  ++reads_;
  const std::size_t limit = capacity_ / 2;
  auto first = loader_(std::nullopt, limit);
  if (!first.ok()) return first.status();
  tracker_.Rebuild(*first);
  horizon_.reset();
  if (first->size() == limit && limit > 0) horizon_ = first->back();
  return Status::Ok();
}

bool TimerWindow::Beyond(uint64_t ticket, int64_t due_ms) const {
  return horizon_ && Tracker::Less(*horizon_, Deadline{due_ms, ticket});
}

void TimerWindow::Upsert(uint64_t ticket, int64_t due_ms) {
  if (Beyond(ticket, due_ms)) {
    tracker_.Remove(ticket);  // it moved past the horizon: the store keeps it until its turn
    return;
  }
  tracker_.Upsert(ticket, due_ms);
  if (tracker_.size() > capacity_) horizon_ = tracker_.KeepEarliest(capacity_ / 2);
}

void TimerWindow::Remove(uint64_t ticket) { tracker_.Remove(ticket); }

void TimerWindow::Refill() {
  if (!horizon_ || tracker_.size() >= capacity_ / 4) return;
  ++reads_;
  const std::size_t limit = capacity_ / 2;
  auto next = loader_(horizon_, limit);
  if (!next.ok()) return;  // the loader logged it; tried again on the next call
  for (const Deadline& d : *next) tracker_.Upsert(d.ticket, d.due_ms);
  if (next->size() < limit) {
    horizon_.reset();  // the store has no timer past the last one read: all are held
  } else {
    horizon_ = next->back();
  }
}

int64_t TimerWindow::NextDueMs() {
  Refill();
  return tracker_.NextDueMs();
}

int64_t TimerWindow::WaitMs(int64_t max_wait_ms) {
  Refill();
  return tracker_.WaitMs(max_wait_ms);
}

std::size_t TimerWindow::PopDue(std::vector<Deadline>* out, std::size_t limit) {
  Refill();
  return tracker_.PopDue(out, limit);
}

}  // namespace aspirasi::sla

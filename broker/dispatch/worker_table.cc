#include "broker/dispatch/worker_table.h"

#include <algorithm>

namespace aspirasi::dispatch {

void WorkerTable::Add(const std::string& identity, std::string name, std::vector<std::string> opds,
                      uint32_t window, uint64_t session, int64_t now_us) {
  Worker& w = workers_[identity];
  w.name = std::move(name);
  w.opds = std::move(opds);
  w.window = std::min(window, kMaxWindow);
  w.outstanding = 0;
  w.last_seen_us = now_us;
  w.session = session;
}

const WorkerTable::Worker* WorkerTable::Find(const std::string& identity) const {
  auto it = workers_.find(identity);
  return it == workers_.end() ? nullptr : &it->second;
}

std::string WorkerTable::Name(const std::string& identity) const {
  const Worker* w = Find(identity);
  return w == nullptr ? std::string() : w->name;
}

bool WorkerTable::Touch(const std::string& identity, int64_t now_us) {
  auto it = workers_.find(identity);
  if (it == workers_.end()) return false;
  it->second.last_seen_us = now_us;
  return true;
}

bool WorkerTable::Grow(const std::string& identity, uint32_t more, int64_t now_us) {
  auto it = workers_.find(identity);
  if (it == workers_.end()) return false;
  it->second.window =
      static_cast<uint32_t>(std::min<uint64_t>(uint64_t{it->second.window} + more, kMaxWindow));
  it->second.last_seen_us = now_us;
  return true;
}

bool WorkerTable::HasRoom(const std::string& identity) const {
  const Worker* w = Find(identity);
  return w != nullptr && w->outstanding < w->window;
}

void WorkerTable::Took(const std::string& identity) {
  auto it = workers_.find(identity);
  if (it != workers_.end()) ++it->second.outstanding;
}

void WorkerTable::Returned(const std::string& identity) {
  auto it = workers_.find(identity);
  if (it != workers_.end() && it->second.outstanding > 0) --it->second.outstanding;
}

std::vector<std::string> WorkerTable::Silent(int64_t limit_us, int64_t now_us) const {
  std::vector<std::string> out;
  for (const auto& [identity, w] : workers_) {
    if (now_us - w.last_seen_us > limit_us) out.push_back(identity);
  }
  return out;
}

std::vector<std::string> WorkerTable::Identities() const {
  std::vector<std::string> out;
  out.reserve(workers_.size());
  for (const auto& [identity, w] : workers_) out.push_back(identity);
  return out;
}

uint64_t WorkerTable::outstanding() const {
  uint64_t n = 0;
  for (const auto& [identity, w] : workers_) n += w.outstanding;
  return n;
}

uint64_t WorkerTable::windows() const {
  uint64_t n = 0;
  for (const auto& [identity, w] : workers_) n += w.window;
  return n;
}

}  // namespace aspirasi::dispatch

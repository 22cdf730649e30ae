// WorkerTable: the response workers connected to the broker, shared by the ticket and the reply
// dispatchers.
//
// A worker grants a window in its hello (Hello.credit): the most deliveries it holds at once,
// tickets and replies together. The broker sends it another one only while it holds fewer; a
// delivery's lease ends when it is acknowledged, fails, expires, or is refused (a reply the worker
// may not post), and the room it took is free again. Nothing the worker sends can add room but a
// `credit` message, which grows the window; in particular an acknowledgement of a lease the broker
// no longer holds (a stale ack, one from before a broker restart) changes nothing. So a worker never
// holds more than it asked for, however often the broker restarts (docs/DESIGN.md, "Credit is a
// window").
//
// Thread safety: not thread-safe; owned by the broker's event-loop thread.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace aspirasi::dispatch {

class WorkerTable {
 public:
  struct Worker {
    std::string name;
    std::vector<std::string> opds;
    uint32_t window = 0;       // the most deliveries it may hold at once
    uint32_t outstanding = 0;  // deliveries it holds now (leases of every dispatcher)
    int64_t last_seen_us = 0;  // monotonic
    uint64_t session = 0;      // Welcome.session of its current hello
  };

  // The largest window a worker may ask for (a hostile peer cannot make the broker send without end).
  static constexpr uint32_t kMaxWindow = 1u << 16;

  // Registers (or re-registers) `identity`. REQUIRES: the dispatchers forgot its leases first.
  void Add(const std::string& identity, std::string name, std::vector<std::string> opds, uint32_t window,
           uint64_t session, int64_t now_us);
  void Remove(const std::string& identity) { workers_.erase(identity); }
  bool Has(const std::string& identity) const { return workers_.count(identity) > 0; }
  const Worker* Find(const std::string& identity) const;
  // The name it gave in its hello ("" when unknown).
  std::string Name(const std::string& identity) const;

  // A sign of life. False for an unknown identity.
  bool Touch(const std::string& identity, int64_t now_us);
  // A `credit` message: the window grows by `more` (at most kMaxWindow). False when unknown.
  bool Grow(const std::string& identity, uint32_t more, int64_t now_us);

  // Room for one more delivery now?
  bool HasRoom(const std::string& identity) const;
  // A lease began / ended (acknowledged, failed, expired, refused, or its worker went).
  void Took(const std::string& identity);
  void Returned(const std::string& identity);

  // Identities silent for longer than `limit_us`.
  std::vector<std::string> Silent(int64_t limit_us, int64_t now_us) const;
  std::vector<std::string> Identities() const;
  std::size_t size() const { return workers_.size(); }
  // Deliveries held by every worker together, and the windows granted.
  uint64_t outstanding() const;
  uint64_t windows() const;

 private:
  std::unordered_map<std::string, Worker> workers_;
};

}  // namespace aspirasi::dispatch

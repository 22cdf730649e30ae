// The head notice: what the events endpoint (PUB) carries, in frames [topic, signature, body].
//
// A PUB socket sends the same bytes to every subscriber and cannot tell them apart, so it carries
// nothing that one of them may not see: only the newest event sequence number. Subscribers read
// the events themselves with read_events on the api endpoint, which the broker authorizes per
// identity and OPD (PROTOCOL 2.4 and 7). The body is an aspirasi.v1.EventList with no events and
// `last_seq` = the newest seq, the same message read_events answers with.
//
// The broker sends a notice after every committed batch and on every heartbeat, so a lost notice
// is repaired within a heartbeat.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "aspirasi/v1/wire.pb.h"

namespace aspirasi {

inline constexpr std::string_view kHeadTopic{"head"};

inline std::string EncodeHeadNotice(uint64_t last_seq) {
  v1::EventList head;
  head.set_last_seq(last_seq);
  return head.SerializeAsString();
}

}  // namespace aspirasi

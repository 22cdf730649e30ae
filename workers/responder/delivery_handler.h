// DeliveryHandler: what a response worker does with one delivered ticket.
//
// The responder runtime (responder.h) owns deduplication and acking; a handler only does the
// work. Today's handler logs (log_handler.h); platform egress (posting the acknowledgement to
// the citizen on Facebook, WhatsApp, ...) will be another handler, chosen per channel.
//
// Thread safety: Handle is called from the responder's one thread.
#pragma once

#include <string>

#include "aspirasi/v1/wire.pb.h"

namespace aspirasi::responder {

struct HandleResult {
  v1::DeliveryOutcome outcome = v1::DONE;
  std::string error;  // for FAILED: one short English sentence, no citizen data

  static HandleResult Done() { return {}; }
  static HandleResult Failed(std::string why) { return {v1::FAILED, std::move(why)}; }
};

class DeliveryHandler {
 public:
  virtual ~DeliveryHandler() = default;
  // Handles a ticket not handled before by this process. REQUIRES: the ticket is not WITHDRAWN
  // (the runtime acknowledges those without calling the handler).
  virtual HandleResult Handle(const v1::Deliver& deliver) = 0;
};

}  // namespace aspirasi::responder

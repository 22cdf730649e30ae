// LogHandler: the response worker's handler for now: records each delivery in the log and
// accepts it. Info level carries ids, number, OPD and attempt only; the citizen's text is
// logged at debug level (common/log.h privacy rule).
#pragma once

#include "workers/responder/delivery_handler.h"

namespace aspirasi::responder {

class LogHandler final : public DeliveryHandler {
 public:
  HandleResult Handle(const v1::Deliver& deliver) override;
};

}  // namespace aspirasi::responder

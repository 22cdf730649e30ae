#include "workers/responder/log_handler.h"

#include "common/log.h"

namespace aspirasi::responder {

HandleResult LogHandler::Handle(const v1::Deliver& deliver) {
  const v1::Ticket& t = deliver.ticket();
  auto log = ModuleLogger("responder");
  log->info("ticket id={} number={} opd={} attempt={} received", t.id(), t.number(), t.opd(),
            deliver.attempt());
  if (log->should_log(spdlog::level::debug)) {
    for (const auto& m : t.messages()) log->debug("ticket {} message #{}: {}", t.number(), m.seq(), m.text());
  }
  return HandleResult::Done();
}

}  // namespace aspirasi::responder

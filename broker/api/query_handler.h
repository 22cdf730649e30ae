// The api's queries: turns one api request envelope into its reply, reading the store.
// Runs on the broker's query thread (its own StoreReader), never on the event loop.
//
// Thread safety: one QueryHandler per thread.
#pragma once

#include <memory>
#include <string>

#include "aspirasi/v1/wire.pb.h"
#include "broker/store/store.h"

namespace aspirasi::api {

class QueryHandler {
 public:
  QueryHandler(std::unique_ptr<store::StoreReader> reader, std::string version);

  // REQUIRES: request carries an api command (get_ticket, list_tickets, count_tickets, read_events,
  // ping). Always returns a reply envelope with the same request_id: the answer or an error.
  v1::Envelope Handle(const v1::Envelope& request);

  // Whether this body is an api command.
  static bool Accepts(v1::Envelope::BodyCase body);

 private:
  std::unique_ptr<store::StoreReader> reader_;
  std::string version_;
};

}  // namespace aspirasi::api

// Counting tickets over the api, for tests that wait until the broker has them all.
#pragma once

#include <cstdint>

#include "clients/lib/api_client.h"

namespace aspirasi::testing {

// Tickets matching `filter`; 0 when the broker does not answer (it may be restarting).
inline uint64_t CountMatching(ApiClient& api, const v1::TicketFilter& filter) {
  v1::CountTickets req;
  *req.mutable_filter() = filter;
  auto counts = api.CountTickets(req);
  return counts.ok() ? counts->total() : 0;
}

// Tickets in delivery state `state`.
inline uint64_t CountDelivery(ApiClient& api, v1::DeliveryState state) {
  v1::TicketFilter filter;
  filter.add_delivery(state);
  return CountMatching(api, filter);
}

}  // namespace aspirasi::testing

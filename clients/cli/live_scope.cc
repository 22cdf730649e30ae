#include "clients/cli/live_scope.h"

#include "clients/lib/api_client.h"

namespace aspirasi::cli {

Result<LiveScope> ResolveLiveScope(const CliContext& ctx, std::vector<std::string> opds) {
  ApiClient api(ctx.api_endpoint, ctx.timeout_ms, nullptr, ctx.keys);
  api.set_actor(ctx.actor);
  auto pong = api.Ping();  // an unknown actor is refused here
  if (!pong.ok()) return pong.status();
  v1::Envelope probe;
  probe.mutable_read_events()->set_after_seq(pong->last_seq());
  probe.mutable_read_events()->set_limit(1);
  for (const auto& o : opds) probe.mutable_read_events()->add_opds(o);
  if (auto checked = api.Call(std::move(probe)); !checked.ok()) return checked.status();
  LiveScope scope{std::move(opds), pong->last_seq()};
  if (scope.opds.empty()) scope.opds.assign(pong->opds().begin(), pong->opds().end());
  return scope;
}

}  // namespace aspirasi::cli

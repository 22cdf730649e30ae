#include "broker/audit/head_reporter.h"

#include <spdlog/spdlog.h>

namespace aspirasi::audit {

void HeadReporter::Observe(const ChainHead& head, int64_t now_ms) {
  if (!published_) {
    last_ms_ = now_ms;
    Publish(head, "at start");
    return;
  }
  if (head.seq == last_.seq || now_ms - last_ms_ < interval_ms_) return;
  last_ms_ = now_ms;
  Publish(head, "");
}

void HeadReporter::Final(const ChainHead& head) { Publish(head, "at stop"); }

void HeadReporter::Publish(const ChainHead& head, const char* when) {
  published_ = true;
  last_ = head;
  // The line's form is documented (docs/AUDIT.md): inspectors' scripts read it.
  if (*when != '\0') {
    log_->info("audit chain head {} ({})", head.ToString(), when);
  } else {
    log_->info("audit chain head {}", head.ToString());
  }
  metrics_.SetInfo("aspirasi_audit_chain_head_info",
                   "The audit chain's newest published head: event sequence number and its SHA-256 link",
                   "seq=\"" + std::to_string(head.seq) + "\",hash=\"" + ToHex(head.hash) + "\"");
}

}  // namespace aspirasi::audit

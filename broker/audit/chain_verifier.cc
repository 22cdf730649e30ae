#include "broker/audit/chain_verifier.h"

#include <utility>

#include "aspirasi/v1/event.pb.h"

namespace aspirasi::audit {
namespace {

// How far past a moved row the verifier looks for the event that belongs there. Reordering by
// hand moves a row by a few places; past this it reports a deletion or an insertion.
constexpr uint64_t kLookahead = 100000;

}  // namespace

std::string_view FaultName(ChainFault f) {
  switch (f) {
    case ChainFault::kNone:
      return "";
    case ChainFault::kEdited:
      return "edited";
    case ChainFault::kInserted:
      return "inserted";
    case ChainFault::kDeleted:
      return "deleted";
    case ChainFault::kReordered:
      return "reordered";
    case ChainFault::kTruncated:
      return "truncated";
    case ChainFault::kRewritten:
      return "rewritten";
  }
  return "";
}

std::string_view SignName(EditSign s) {
  switch (s) {
    case EditSign::kNone:
      return "";
    case EditSign::kHash:
      return "hash";
    case EditSign::kColumn:
      return "column";
    case EditSign::kUnreadable:
      return "unreadable";
    case EditSign::kNoHash:
      return "no_hash";
  }
  return "";
}

void ChainVerifier::Fail(ChainFault fault, uint64_t seq, EditSign sign, std::string column) {
  report_.problem.fault = fault;
  report_.problem.seq = seq;
  report_.problem.sign = sign;
  report_.problem.column = std::move(column);
  done_ = true;
}

bool ChainVerifier::Add(const ChainRow& row) {
  if (moved_) return Lookahead(row);
  if (done_) return false;
  if (row.seq != next_seq_) {
    // Rows come in seq order, so a different number is a higher one: the ones between are gone.
    Fail(ChainFault::kDeleted, next_seq_);
    report_.problem.other = row.seq - 1;
    return false;
  }
  ++report_.events;
  v1::Event e;
  if (!e.ParseFromArray(row.body.data(), static_cast<int>(row.body.size()))) {
    Fail(ChainFault::kEdited, row.seq, EditSign::kUnreadable);
    return false;
  }
  if (e.seq() != row.seq) {
    // Its content was chained under another number: find out how it came here.
    report_.problem.seq = row.seq;
    moved_ = true;
    moved_body_seq_ = e.seq();
    return true;
  }
  const char* column = e.ticket_id() != row.ticket_id  ? "ticket_id"
                       : int64_t{e.type()} != row.type ? "type"
                       : e.at_ms() != row.at_ms        ? "at_ms"
                       : e.opd() != row.opd            ? "opd"
                                                       : nullptr;
  if (column != nullptr) {
    Fail(ChainFault::kEdited, row.seq, EditSign::kColumn, column);
    return false;
  }
  auto stored = row.hash_null ? std::nullopt : FromBytes(row.hash);
  if (!stored) {
    Fail(ChainFault::kEdited, row.seq, EditSign::kNoHash);
    return false;
  }
  if (hasher_.Link(prev_, row.seq, row.body) != *stored) {
    Fail(ChainFault::kEdited, row.seq, EditSign::kHash);
    return false;
  }
  prev_ = *stored;
  report_.head = {row.seq, *stored};
  if (expected_ && row.seq == expected_->seq) expected_seen_ = *stored;
  ++next_seq_;
  return true;
}

bool ChainVerifier::Lookahead(const ChainRow& row) {
  if (found_at_ != 0 || ++rows_ahead_ > kLookahead) return false;
  v1::Event e;
  if (e.ParseFromArray(row.body.data(), static_cast<int>(row.body.size())) &&
      e.seq() == report_.problem.seq) {
    found_at_ = row.seq;
    return false;
  }
  return true;
}

ChainReport ChainVerifier::Finish() {
  if (moved_) {
    moved_ = false;
    uint64_t s = report_.problem.seq;
    if (found_at_ == s + 1 && moved_body_seq_ == s + 1) {
      Fail(ChainFault::kReordered, s);  // two neighbours swapped
      report_.problem.other = found_at_;
    } else if (found_at_ == s + 1 && moved_body_seq_ + 1 == s) {
      // The rest moved up by one, and the row before this one took its number and linked
      // (a forged event): that row is the one inserted.
      Fail(ChainFault::kInserted, s - 1);
    } else if (found_at_ == s + 1) {
      Fail(ChainFault::kInserted, s);  // the rest moved up by one to make room
      report_.problem.other = moved_body_seq_ < s ? moved_body_seq_ : 0;
    } else if (found_at_ > s) {
      Fail(ChainFault::kReordered, s);
      report_.problem.other = found_at_;
    } else if (moved_body_seq_ > s) {
      Fail(ChainFault::kDeleted, s);  // the rest moved down to close the gap
      report_.problem.other = moved_body_seq_ - 1;
    } else {
      Fail(ChainFault::kInserted, s);  // a copy of an earlier event
      report_.problem.other = moved_body_seq_;
    }
  }
  if (report_.ok() && expected_) {
    if (report_.head.seq < expected_->seq) {
      Fail(ChainFault::kTruncated, report_.head.seq + 1);
      report_.problem.other = expected_->seq;
    } else if (!expected_seen_ || *expected_seen_ != expected_->hash) {
      Fail(ChainFault::kRewritten, expected_->seq);
      report_.problem.other = expected_->seq;
    }
  }
  return report_;
}

}  // namespace aspirasi::audit

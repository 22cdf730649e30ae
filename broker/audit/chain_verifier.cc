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
    case ChainFault::kStructure:
      return "structure";
    case ChainFault::kRestored:
      return "restored";
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
  if (row.seq < 1) {
    // Events are numbered from 1: a row at 0 or below was put in by hand.
    Fail(ChainFault::kInserted, 0);
    return false;
  }
  const auto seq = static_cast<uint64_t>(row.seq);
  v1::Event e;
  const bool readable = e.ParseFromArray(row.body.data(), static_cast<int>(row.body.size()));
  const bool restore = readable && e.seq() == seq && e.type() == v1::STORE_RESTORED;
  if (restore && seq != next_seq_ && e.lost_from() == next_seq_ && e.lost_to() + 1 == seq) {
    next_seq_ = seq;  // the numbers a restore skipped, named by the restore itself; its link is checked below
  }
  if (seq != next_seq_) {
    // Rows come in seq order, so a different number is a higher one. If this row is the event of
    // its number, the ones between are gone; if not, it was put there (a copy beyond the end).
    if (readable && e.seq() == seq) {
      Fail(ChainFault::kDeleted, next_seq_);
      report_.problem.other = seq - 1;
    } else {
      Fail(ChainFault::kInserted, seq);
      report_.problem.other = readable && e.seq() < seq ? e.seq() : 0;
    }
    return false;
  }
  ++report_.events;
  if (!row.bad_type.empty()) {
    Fail(ChainFault::kEdited, seq, EditSign::kColumn, std::string(row.bad_type));
    return false;
  }
  if (!readable) {
    Fail(ChainFault::kEdited, seq, EditSign::kUnreadable);
    return false;
  }
  if (e.seq() != seq) {
    // Its content was chained under another number: find out how it came here.
    report_.problem.seq = seq;
    moved_ = true;
    moved_body_seq_ = e.seq();
    moved_link_ = row.hash_null ? std::nullopt : FromBytes(row.hash);
    return true;
  }
  const char* column = e.ticket_id() != row.ticket_id  ? "ticket_id"
                       : int64_t{e.type()} != row.type ? "type"
                       : e.at_ms() != row.at_ms        ? "at_ms"
                       : e.opd() != row.opd            ? "opd"
                                                       : nullptr;
  if (column != nullptr) {
    Fail(ChainFault::kEdited, seq, EditSign::kColumn, column);
    return false;
  }
  auto stored = row.hash_null ? std::nullopt : FromBytes(row.hash);
  if (!stored) {
    Fail(ChainFault::kEdited, seq, EditSign::kNoHash);
    return false;
  }
  if (hasher_.Link(prev_, seq, row.body) != *stored) {
    Fail(ChainFault::kEdited, seq, EditSign::kHash);
    return false;
  }
  prev_ = *stored;
  report_.head = {seq, *stored};
  if (restore) report_.restores.push_back({seq, e.at_ms(), e.lost_from(), e.lost_to()});
  if (expected_ && seq == expected_->seq) expected_seen_ = *stored;
  ++next_seq_;
  return true;
}

bool ChainVerifier::Lookahead(const ChainRow& row) {
  if (found_at_ != 0 || ++rows_ahead_ > kLookahead || row.seq < 1) return false;
  if (rows_ahead_ == 1 && moved_link_) {
    // The next row still links to the moved row's stored link: the row was not moved, its content
    // (the number inside it) was edited where it stands.
    auto next = row.hash_null ? std::nullopt : FromBytes(row.hash);
    if (next && hasher_.Link(*moved_link_, static_cast<uint64_t>(row.seq), row.body) == *next) {
      edited_in_place_ = true;
      return false;
    }
  }
  v1::Event e;
  if (e.ParseFromArray(row.body.data(), static_cast<int>(row.body.size())) &&
      e.seq() == report_.problem.seq) {
    found_at_ = static_cast<uint64_t>(row.seq);
    return false;
  }
  return true;
}

ChainReport ChainVerifier::Finish() {
  if (moved_) {
    moved_ = false;
    uint64_t s = report_.problem.seq;
    if (edited_in_place_) {
      Fail(ChainFault::kEdited, s, EditSign::kHash);
    } else if (found_at_ == s + 1 && moved_body_seq_ == s + 1) {
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
    for (const auto& r : report_.restores) {
      if (r.lost_from != 0 && expected_->seq >= r.lost_from && expected_->seq <= r.lost_to) {
        Fail(ChainFault::kRestored, r.seq);
        report_.problem.other = expected_->seq;
        return report_;
      }
    }
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

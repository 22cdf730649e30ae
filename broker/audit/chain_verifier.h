// Walks an event table in sequence order and finds the first row that was edited, inserted,
// deleted or reordered (event_chain.h says what each row's hash covers). Pure: the rows come
// from the caller (broker/store/chain_scan.h reads them from a database file).
//
// Every row is checked against its own stored hash and the stored hash of the row before it,
// so a change is located at the row changed, not merely "somewhere before the head":
//   edited     a row's content or columns no longer match its hash (or the row before it was
//              rewritten with a recomputed hash: the report says both);
//   deleted    a sequence number is missing, or rows after a deletion were renumbered;
//   inserted   a row that was never chained sits at this number (the later ones renumbered);
//   reordered  the event that belongs at this number sits further on;
//   truncated  the table ends before the head an inspector kept (`expected`);
//   rewritten  the hash at the inspector's head differs: the chain was recomputed from some
//              earlier row on;
//   structure  the events table or its hash column is gone (reported by the reader);
//   restored   the inspector's head lies in numbers a restore left out (below).
//
// A restore from a backup (`aspirasi restore`) continues the chain from the backup's last row
// with a STORE_RESTORED event numbered above everything issued before it; the numbers between
// are missing. That gap is accepted only right before a STORE_RESTORED row that names exactly
// it (lost_from..lost_to) and links to the row before the gap. Each one is listed in the report,
// because a restore also looks like a cut end followed by such a row: an inspector who kept a
// head in the skipped numbers is told so (kRestored), not told that all is well.
//
// Thread safety: one thread per verifier.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "broker/audit/event_chain.h"

namespace aspirasi::audit {

// One stored event row: its columns and the bytes of its body and hash columns.
struct ChainRow {
  int64_t seq = 0;  // as stored: a row numbered 0 or below is foreign
  uint64_t ticket_id = 0;
  int64_t type = 0;
  int64_t at_ms = 0;
  std::string_view opd;
  std::string_view body;
  std::string_view hash;  // 32 bytes; anything else (NULL included) is a broken row
  bool hash_null = false;
  // A column stored with another type than the writer gives it (an integer column holding text
  // or a blob still reads as a number, and hides the row from queries): its name, else empty.
  std::string_view bad_type;
};

enum class ChainFault {
  kNone,
  kEdited,
  kInserted,
  kDeleted,
  kReordered,
  kTruncated,
  kRewritten,
  kStructure,
  kRestored,
};

// For kEdited: what gave it away.
enum class EditSign {
  kNone,
  kHash,        // the content does not match the row's hash, or the previous row was rewritten
  kColumn,      // a column (`column`) differs from the same field in the row's content
  kUnreadable,  // the content is not an event any more
  kNoHash,      // the hash column is empty or not 32 bytes
};

struct ChainProblem {
  ChainFault fault = ChainFault::kNone;
  uint64_t seq = 0;  // the first row affected (0: a row numbered 0 or below, before the first event)
  // kDeleted: the last missing number; kInserted: the event the row repeats (0: none);
  // kReordered: the row where event `seq` was found; kTruncated/kRewritten/kRestored: the
  // inspector's head (kRestored: `seq` is the STORE_RESTORED event that skipped it).
  uint64_t other = 0;
  EditSign sign = EditSign::kNone;
  std::string column;  // kEdited + kColumn: "ticket_id", "type", "at_ms", "opd"
};

// A STORE_RESTORED row found on the way: its number and the numbers it skipped (0, 0: none).
struct ChainRestore {
  uint64_t seq = 0;
  int64_t at_ms = 0;
  uint64_t lost_from = 0;
  uint64_t lost_to = 0;
};

struct ChainReport {
  uint64_t events = 0;  // rows read (up to the first problem)
  std::vector<ChainRestore> restores;
  ChainHead head;  // the newest row's seq and stored hash when the chain is whole
  ChainProblem problem;
  bool ok() const { return problem.fault == ChainFault::kNone; }
};

// Stable names for machine output ("edited", "inserted", ...; "" for kNone).
std::string_view FaultName(ChainFault f);
std::string_view SignName(EditSign s);

class ChainVerifier {
 public:
  // `expected`: a head kept outside the server; the chain must contain it unchanged.
  explicit ChainVerifier(std::optional<ChainHead> expected = std::nullopt) : expected_(expected) {
    if (expected_ && expected_->seq == 0) expected_seen_ = kGenesis;  // every chain starts there
  }

  // Feeds the next row in seq order. Returns false once the verdict is known (stop reading).
  bool Add(const ChainRow& row);
  ChainReport Finish();

 private:
  bool Lookahead(const ChainRow& row);
  void Fail(ChainFault fault, uint64_t seq, EditSign sign = EditSign::kNone, std::string column = {});

  std::optional<ChainHead> expected_;
  std::optional<ChainHash> expected_seen_;  // the stored hash at expected_->seq
  ChainHasher hasher_;
  ChainHash prev_ = kGenesis;
  uint64_t next_seq_ = 1;
  ChainReport report_;
  bool done_ = false;
  // A row whose content names another number: read on to tell deletion, insertion and reordering.
  bool moved_ = false;
  uint64_t moved_body_seq_ = 0;          // the number the moved row's content names
  std::optional<ChainHash> moved_link_;  // the moved row's stored link
  bool edited_in_place_ = false;         // the row after it links to it: its content was edited where it is
  uint64_t found_at_ = 0;                // the row holding the event numbered report_.problem.seq
  uint64_t rows_ahead_ = 0;
};

}  // namespace aspirasi::audit

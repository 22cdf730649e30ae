#include "broker/audit/chain_verifier.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "aspirasi/v1/event.pb.h"

namespace aspirasi::audit {
namespace {

// A stored row, owning its bytes.
struct Row {
  uint64_t seq = 0;
  uint64_t ticket_id = 0;
  int64_t type = 0;
  int64_t at_ms = 0;
  std::string opd;
  std::string body;
  std::string hash;
  bool hash_null = false;
  std::string bad_type;
};

std::string Body(uint64_t seq, uint64_t ticket, const std::string& opd) {
  v1::Event e;
  e.set_seq(seq);
  e.set_type(v1::TICKET_CREATED);
  e.set_at_ms(1000 + static_cast<int64_t>(seq));
  e.set_ticket_id(ticket);
  e.set_opd(opd);
  e.set_actor("ingest");
  return e.SerializeAsString();
}

// n chained rows, as the writer stores them.
std::vector<Row> Chain(uint64_t n) {
  ChainHasher h;
  std::vector<Row> rows;
  ChainHash prev = kGenesis;
  for (uint64_t s = 1; s <= n; ++s) {
    Row r{s,
          100 + s,
          v1::TICKET_CREATED,
          1000 + static_cast<int64_t>(s),
          s % 2 ? "PUPR" : "DINKES",
          Body(s, 100 + s, s % 2 ? "PUPR" : "DINKES"),
          {},
          false,
          {}};
    prev = h.Link(prev, s, r.body);
    r.hash = std::string(AsBytes(prev));
    rows.push_back(std::move(r));
  }
  return rows;
}

ChainReport Verify(const std::vector<Row>& rows, std::optional<ChainHead> expected = std::nullopt) {
  ChainVerifier v(expected);
  for (const Row& r : rows) {
    if (!v.Add({static_cast<int64_t>(r.seq), r.ticket_id, r.type, r.at_ms, r.opd, r.body, r.hash, r.hash_null,
                r.bad_type}))
      break;
  }
  return v.Finish();
}

// Renumbers rows [from, end) by `delta` (what "UPDATE events SET seq=seq+1" does).
void Renumber(std::vector<Row>& rows, std::size_t from, int64_t delta) {
  for (std::size_t i = from; i < rows.size(); ++i)
    rows[i].seq = static_cast<uint64_t>(static_cast<int64_t>(rows[i].seq) + delta);
}

TEST(ChainVerifier, WholeChainPasses) {
  auto rows = Chain(50);
  ChainReport r = Verify(rows);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.events, 50u);
  EXPECT_EQ(r.head.seq, 50u);
  EXPECT_EQ(std::string(AsBytes(r.head.hash)), rows.back().hash);
  // With the head an inspector kept, earlier or current.
  EXPECT_TRUE(Verify(rows, r.head).ok());
  EXPECT_TRUE(Verify(rows, ChainHead{20, *FromBytes(rows[19].hash)}).ok());
  EXPECT_TRUE(Verify(rows, ChainHead{}).ok());  // the head logged before the first event
}

TEST(ChainVerifier, EmptyTablePasses) {
  ChainReport r = Verify({});
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.head.seq, 0u);
}

TEST(ChainVerifier, EditedContentIsLocated) {
  auto rows = Chain(20);
  v1::Event e;
  ASSERT_TRUE(e.ParseFromString(rows[6].body));
  e.set_actor("admin:someone.else");
  rows[6].body = e.SerializeAsString();
  ChainReport r = Verify(rows);
  EXPECT_EQ(r.problem.fault, ChainFault::kEdited);
  EXPECT_EQ(r.problem.seq, 7u);
  EXPECT_EQ(r.problem.sign, EditSign::kHash);
  EXPECT_EQ(r.events, 7u);
}

TEST(ChainVerifier, EditedColumnIsLocated) {
  for (const char* column : {"ticket_id", "type", "at_ms", "opd"}) {
    auto rows = Chain(10);
    Row& row = rows[3];
    std::string c = column;
    if (c == "ticket_id") row.ticket_id += 1;
    if (c == "type") row.type = v1::TICKET_RESOLVED;
    if (c == "at_ms") row.at_ms -= 86400000;
    if (c == "opd") row.opd = "DLH";
    ChainReport r = Verify(rows);
    EXPECT_EQ(r.problem.fault, ChainFault::kEdited) << c;
    EXPECT_EQ(r.problem.seq, 4u) << c;
    EXPECT_EQ(r.problem.sign, EditSign::kColumn) << c;
    EXPECT_EQ(r.problem.column, c);
  }
}

TEST(ChainVerifier, UnreadableOrUnhashedRowsAreEdits) {
  auto rows = Chain(10);
  rows[2].body = "\xff\xff\xff";
  EXPECT_EQ(Verify(rows).problem.sign, EditSign::kUnreadable);
  rows = Chain(10);
  rows[2].hash.clear();
  rows[2].hash_null = true;
  ChainReport r = Verify(rows);
  EXPECT_EQ(r.problem.sign, EditSign::kNoHash);
  EXPECT_EQ(r.problem.seq, 3u);
  rows = Chain(10);
  rows[2].hash = rows[2].hash.substr(0, 31);
  EXPECT_EQ(Verify(rows).problem.sign, EditSign::kNoHash);
}

TEST(ChainVerifier, RecomputedHashIsCaughtAtTheNextRow) {
  // The editor recomputes the edited row's hash but not the rest: the next row no longer links.
  auto rows = Chain(10);
  v1::Event e;
  ASSERT_TRUE(e.ParseFromString(rows[4].body));
  e.set_actor("broker");
  rows[4].body = e.SerializeAsString();
  ChainHasher h;
  rows[4].hash = std::string(AsBytes(h.Link(*FromBytes(rows[3].hash), 5, rows[4].body)));
  ChainReport r = Verify(rows);
  EXPECT_EQ(r.problem.fault, ChainFault::kEdited);
  EXPECT_EQ(r.problem.seq, 6u);
  EXPECT_EQ(r.problem.sign, EditSign::kHash);
}

TEST(ChainVerifier, DeletedRowIsLocated) {
  auto rows = Chain(10);
  rows.erase(rows.begin() + 4, rows.begin() + 6);  // events 5 and 6
  ChainReport r = Verify(rows);
  EXPECT_EQ(r.problem.fault, ChainFault::kDeleted);
  EXPECT_EQ(r.problem.seq, 5u);
  EXPECT_EQ(r.problem.other, 6u);
}

TEST(ChainVerifier, DeletedAndRenumberedIsLocated) {
  auto rows = Chain(10);
  rows.erase(rows.begin() + 4);  // event 5, then the later rows renumbered down
  Renumber(rows, 4, -1);
  ChainReport r = Verify(rows);
  EXPECT_EQ(r.problem.fault, ChainFault::kDeleted);
  EXPECT_EQ(r.problem.seq, 5u);
  EXPECT_EQ(r.problem.other, 5u);
}

TEST(ChainVerifier, InsertedRowIsLocated) {
  auto rows = Chain(10);
  Row copy = rows[1];  // a copy of event 2 placed at 5, the later rows renumbered up
  Renumber(rows, 4, +1);
  copy.seq = 5;
  rows.insert(rows.begin() + 4, copy);
  ChainReport r = Verify(rows);
  EXPECT_EQ(r.problem.fault, ChainFault::kInserted);
  EXPECT_EQ(r.problem.seq, 5u);
  EXPECT_EQ(r.problem.other, 2u);
}

TEST(ChainVerifier, InsertedForgedRowIsLocated) {
  // A forged event that names its own number and links correctly: the row it pushed up gives it
  // away, and the report names the forged row.
  auto rows = Chain(10);
  Renumber(rows, 4, +1);
  ChainHasher h;
  Row forged{5, 999, v1::TICKET_CREATED, 1005, "PUPR", Body(5, 999, "PUPR"), {}, false, {}};
  forged.hash = std::string(AsBytes(h.Link(*FromBytes(rows[3].hash), 5, forged.body)));
  rows.insert(rows.begin() + 4, forged);
  ChainReport r = Verify(rows);
  EXPECT_EQ(r.problem.fault, ChainFault::kInserted);
  EXPECT_EQ(r.problem.seq, 5u);
}

TEST(ChainVerifier, SwappedRowsAreReordered) {
  auto rows = Chain(10);
  std::swap(rows[4].seq, rows[5].seq);
  std::swap(rows[4], rows[5]);  // row 5 now holds event 6 and row 6 event 5
  ChainReport r = Verify(rows);
  EXPECT_EQ(r.problem.fault, ChainFault::kReordered);
  EXPECT_EQ(r.problem.seq, 5u);
  EXPECT_EQ(r.problem.other, 6u);
}

TEST(ChainVerifier, MovedRowIsReordered) {
  auto rows = Chain(12);
  // Event 4 moved after event 8: rows 4..7 hold events 5..8, row 8 holds event 4.
  Row moved = rows[3];
  rows.erase(rows.begin() + 3);
  rows.insert(rows.begin() + 7, moved);
  for (uint64_t i = 0; i < rows.size(); ++i) rows[i].seq = i + 1;
  ChainReport r = Verify(rows);
  EXPECT_EQ(r.problem.fault, ChainFault::kReordered);
  EXPECT_EQ(r.problem.seq, 4u);
  EXPECT_EQ(r.problem.other, 8u);
}

TEST(ChainVerifier, TruncationNeedsTheInspectorsHead) {
  auto rows = Chain(10);
  ChainHead kept{10, *FromBytes(rows[9].hash)};
  rows.resize(7);
  EXPECT_TRUE(Verify(rows).ok());  // alone, a shorter chain is a whole chain
  ChainReport r = Verify(rows, kept);
  EXPECT_EQ(r.problem.fault, ChainFault::kTruncated);
  EXPECT_EQ(r.problem.seq, 8u);
  EXPECT_EQ(r.problem.other, 10u);
  EXPECT_EQ(Verify({}, kept).problem.fault, ChainFault::kTruncated);
}

TEST(ChainVerifier, RewrittenChainDiffersFromTheInspectorsHead) {
  auto rows = Chain(10);
  ChainHead kept{6, *FromBytes(rows[5].hash)};
  // Event 3 edited and every hash from it on recomputed: the chain is whole but not the same.
  v1::Event e;
  ASSERT_TRUE(e.ParseFromString(rows[2].body));
  e.set_actor("admin:x");
  rows[2].body = e.SerializeAsString();
  ChainHasher h;
  ChainHash prev = *FromBytes(rows[1].hash);
  for (std::size_t i = 2; i < rows.size(); ++i) {
    prev = h.Link(prev, rows[i].seq, rows[i].body);
    rows[i].hash = std::string(AsBytes(prev));
  }
  EXPECT_TRUE(Verify(rows).ok());
  ChainReport r = Verify(rows, kept);
  EXPECT_EQ(r.problem.fault, ChainFault::kRewritten);
  EXPECT_EQ(r.problem.seq, 6u);
}

TEST(ChainVerifier, AColumnStoredAsAnotherTypeIsAnEdit) {
  auto rows = Chain(10);
  rows[5].bad_type = "ticket_id";  // e.g. UPDATE events SET ticket_id = X'33'
  ChainReport r = Verify(rows);
  EXPECT_EQ(r.problem.fault, ChainFault::kEdited);
  EXPECT_EQ(r.problem.seq, 6u);
  EXPECT_EQ(r.problem.column, "ticket_id");
}

TEST(ChainVerifier, TheNumberInsideAnEventEditedInPlaceIsAnEdit) {
  // Not a deletion, an insertion or a reordering: the row after it still links to it.
  auto rows = Chain(30);
  v1::Event e;
  ASSERT_TRUE(e.ParseFromString(rows[19].body));
  for (uint64_t other : {24u, 10u}) {
    auto edited = rows;
    e.set_seq(other);
    edited[19].body = e.SerializeAsString();
    ChainReport r = Verify(edited);
    EXPECT_EQ(r.problem.fault, ChainFault::kEdited) << other;
    EXPECT_EQ(r.problem.seq, 20u) << other;
  }
}

TEST(ChainVerifier, RowsPutBeforeTheFirstOrBeyondTheLastAreInserted) {
  auto rows = Chain(10);
  Row zero = rows[3];
  zero.seq = 0;
  rows.insert(rows.begin(), zero);
  ChainReport r = Verify(rows);
  EXPECT_EQ(r.problem.fault, ChainFault::kInserted);
  EXPECT_EQ(r.problem.seq, 0u);
  // A copy of event 3 numbered 100 after the last event (10): inserted, not "11 to 99 deleted".
  rows = Chain(10);
  Row far = rows[2];
  far.seq = 100;
  rows.push_back(far);
  r = Verify(rows);
  EXPECT_EQ(r.problem.fault, ChainFault::kInserted);
  EXPECT_EQ(r.problem.seq, 100u);
  EXPECT_EQ(r.problem.other, 3u);
}

TEST(ChainVerifier, FaultNamesAreStable) {
  EXPECT_EQ(FaultName(ChainFault::kEdited), "edited");
  EXPECT_EQ(FaultName(ChainFault::kInserted), "inserted");
  EXPECT_EQ(FaultName(ChainFault::kDeleted), "deleted");
  EXPECT_EQ(FaultName(ChainFault::kReordered), "reordered");
  EXPECT_EQ(FaultName(ChainFault::kTruncated), "truncated");
  EXPECT_EQ(FaultName(ChainFault::kRewritten), "rewritten");
  EXPECT_EQ(FaultName(ChainFault::kStructure), "structure");
  EXPECT_EQ(SignName(EditSign::kNoHash), "no_hash");
}

// A restore's row after `rows` (the backup's end), numbered `seq`, naming [from, to] as skipped.
Row RestoreRow(const std::vector<Row>& rows, uint64_t seq, uint64_t from, uint64_t to) {
  v1::Event e;
  e.set_seq(seq);
  e.set_type(v1::STORE_RESTORED);
  e.set_at_ms(5000);
  e.set_actor("restore");
  e.set_lost_from(from);
  e.set_lost_to(to);
  Row r{seq, 0, v1::STORE_RESTORED, 5000, "", e.SerializeAsString(), {}, false, {}};
  ChainHasher h;
  ChainHash prev = rows.empty() ? kGenesis : *FromBytes(rows.back().hash);
  r.hash = std::string(AsBytes(h.Link(prev, seq, r.body)));
  return r;
}

TEST(ChainVerifierTest, ARestoreMaySkipTheNumbersItNames) {
  auto rows = Chain(10);
  rows.push_back(RestoreRow(rows, 41, 11, 40));
  auto report = Verify(rows);
  EXPECT_TRUE(report.ok()) << FaultName(report.problem.fault) << " " << report.problem.seq;
  ASSERT_EQ(report.restores.size(), 1u);
  EXPECT_EQ(report.restores[0].seq, 41u);
  EXPECT_EQ(report.restores[0].lost_from, 11u);
  EXPECT_EQ(report.head.seq, 41u);
  // An inspector's head before the backup's end is still checked; one in the gap is reported.
  EXPECT_TRUE(Verify(rows, ChainHead{5, *FromBytes(rows[4].hash)}).ok());
  auto lost = Verify(rows, ChainHead{30, {}});
  EXPECT_EQ(lost.problem.fault, ChainFault::kRestored);
  EXPECT_EQ(lost.problem.seq, 41u);
  EXPECT_EQ(lost.problem.other, 30u);
  // Without a gap (reserve 0) it is only listed.
  auto none = Chain(10);
  none.push_back(RestoreRow(none, 11, 0, 0));
  auto plain = Verify(none);
  EXPECT_TRUE(plain.ok());
  EXPECT_EQ(plain.restores.size(), 1u);
}

TEST(ChainVerifierTest, AGapARestoreDoesNotNameIsADeletion) {
  auto rows = Chain(10);
  rows.push_back(RestoreRow(rows, 41, 12, 40));  // claims less than is missing
  EXPECT_EQ(Verify(rows).problem.fault, ChainFault::kDeleted);
  auto wider = Chain(10);
  wider.push_back(RestoreRow(wider, 41, 11, 41));
  EXPECT_EQ(Verify(wider).problem.fault, ChainFault::kDeleted);
  // Rows deleted before a genuine restore: its link is to the row before the gap, not to this one.
  auto cut = Chain(10);
  auto marker = RestoreRow(cut, 41, 11, 40);
  cut.erase(cut.begin() + 7, cut.end());  // rows 8..10 gone, the marker still names 11..40
  cut.push_back(marker);
  EXPECT_EQ(Verify(cut).problem.fault, ChainFault::kDeleted);
  // A restore row that names the gap but does not link to the row before it.
  auto only = Chain(10);
  auto bad = RestoreRow(only, 41, 11, 40);
  bad.hash[0] = static_cast<char>(bad.hash[0] ^ 1);
  only.push_back(bad);
  EXPECT_EQ(Verify(only).problem.fault, ChainFault::kEdited);
}

}  // namespace
}  // namespace aspirasi::audit

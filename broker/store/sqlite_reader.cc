// SQLite implementation of StoreReader: queries on a connection of their own (WAL readers
// never block the writer).
#include <algorithm>
#include <cctype>

#include "broker/store/sqlite.h"
#include "broker/store/store.h"
#include "broker/store/ticket_number.h"
#include "broker/store/ticket_row.h"
#include "common/i18n/catalogue.h"

namespace aspirasi::store {
namespace {

constexpr uint32_t kDefaultListLimit = 50;
constexpr uint32_t kMaxListLimit = 1000;
constexpr uint32_t kDefaultEventLimit = 500;
constexpr uint32_t kMaxEventLimit = 5000;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// SQL function aspirasi_text_has(body, needle_lowercase): does any message text contain it?
void TextHas(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const void* blob = sqlite3_value_blob(argv[0]);
  int size = sqlite3_value_bytes(argv[0]);
  const auto* needle = reinterpret_cast<const char*>(sqlite3_value_text(argv[1]));
  v1::Ticket t;
  if (blob == nullptr || needle == nullptr || !t.ParseFromArray(blob, size)) {
    sqlite3_result_int(ctx, 0);
    return;
  }
  for (const auto& m : t.messages()) {
    if (Lower(m.text()).find(needle) != std::string::npos) {
      sqlite3_result_int(ctx, 1);
      return;
    }
  }
  sqlite3_result_int(ctx, 0);
}

// Builds "WHERE ..." for a TicketFilter; binds in order through `binds`.
struct Where {
  std::string sql;
  std::vector<std::variant<int64_t, std::string>> binds;

  void Add(const std::string& clause) { sql += (sql.empty() ? " WHERE " : " AND ") + clause; }

  template <class List, class Fn>
  void In(const std::string& column, const List& values, Fn to_bind) {
    if (values.empty()) return;
    std::string clause = column + " IN (";
    bool first = true;
    for (const auto& v : values) {
      clause += first ? "?" : ",?";
      first = false;
      binds.push_back(to_bind(v));
    }
    Add(clause + ")");
  }

  void Bind(Stmt& st, int first = 1) const {
    int i = first;
    for (const auto& b : binds) {
      if (std::holds_alternative<int64_t>(b)) {
        st.Bind(i++, std::get<int64_t>(b));
      } else {
        st.Bind(i++, std::get<std::string>(b));
      }
    }
  }
};

Where FilterWhere(const v1::TicketFilter& f) {
  Where w;
  auto str = [](const std::string& s) { return std::variant<int64_t, std::string>(s); };
  auto num = [](int v) { return std::variant<int64_t, std::string>(int64_t{v}); };
  w.In("opd", f.opds(), str);
  w.In("status", f.statuses(), num);
  w.In("urgency", f.urgencies(), num);
  w.In("channel", f.channels(), str);
  w.In("delivery", f.delivery(), num);
  if (f.since_ms() > 0) {
    w.Add("received_ms >= ?");
    w.binds.emplace_back(f.since_ms());
  }
  if (f.until_ms() > 0) {
    w.Add("received_ms < ?");
    w.binds.emplace_back(f.until_ms());
  }
  if (!f.text().empty()) {
    w.Add("aspirasi_text_has(body, ?)");
    w.binds.emplace_back(Lower(f.text()));
  }
  return w;
}

class SqliteReader final : public StoreReader {
 public:
  Status Open(const std::string& path) {
    Status s = db_.Open(path, true);
    if (!s.ok()) return s;
    if (sqlite3_create_function(db_.raw(), "aspirasi_text_has", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                nullptr, TextHas, nullptr, nullptr) != SQLITE_OK) {
      return Status::Io("cannot register SQL function: " + db_.LastError());
    }
    return Status::Ok();
  }

  Result<v1::Ticket> GetTicket(uint64_t id, const std::string& number) override {
    // A number ends in the ticket's id ("NH-2026-000042"): look up the id, then compare.
    if (!number.empty()) id = TicketIdOfNumber(number);
    auto st = db_.Prepare(std::string("SELECT ") + kTicketColumns + " FROM ticket_rows WHERE id=?");
    if (!st.ok()) return st.status();
    st->Bind(1, static_cast<int64_t>(id));
    Status s;
    bool found = st->Step(&s);
    if (found && !number.empty() && st->Text(1) != number) found = false;
    if (!found) {
      if (!s.ok()) return s;
      return Status::NotFound(
          i18n::T(i18n::K("ticket.not_found"), {{"ticket", number.empty() ? std::to_string(id) : number}}));
    }
    v1::Ticket t;
    if (!ReadTicketRow(*st, &t))
      return Status::Internal("ticket " + std::to_string(t.id()) + " has a corrupt body");
    return t;
  }

  Result<std::vector<v1::Event>> TicketEvents(uint64_t id) override {
    auto st = db_.Prepare("SELECT body FROM events WHERE ticket_id=? ORDER BY seq");
    if (!st.ok()) return st.status();
    st->Bind(1, static_cast<int64_t>(id));
    std::vector<v1::Event> out;
    Status s;
    while (st->Step(&s)) {
      auto body = st->Blob(0);
      if (!out.emplace_back().ParseFromArray(body.data(), static_cast<int>(body.size())))
        return Status::Internal("an event of ticket " + std::to_string(id) + " cannot be parsed");
    }
    if (!s.ok()) return s;
    return out;
  }

  Result<v1::TicketList> ListTickets(const v1::ListTickets& req) override {
    uint32_t limit = req.limit() == 0 ? kDefaultListLimit : std::min(req.limit(), kMaxListLimit);
    Where w = FilterWhere(req.filter());
    if (req.after_id() > 0) {
      w.Add("id > ?");
      w.binds.emplace_back(static_cast<int64_t>(req.after_id()));
    }
    auto st = db_.Prepare(std::string("SELECT ") + kTicketColumns + " FROM ticket_rows" + w.sql +
                          " ORDER BY id LIMIT ?");
    if (!st.ok()) return st.status();
    w.Bind(*st);
    st->Bind(static_cast<int>(w.binds.size()) + 1, int64_t{limit} + 1);
    v1::TicketList list;
    Status s;
    while (st->Step(&s)) {
      if (static_cast<uint32_t>(list.tickets_size()) == limit) {
        list.set_next_after_id(list.tickets(list.tickets_size() - 1).id());
        break;
      }
      ReadTicketRow(*st, list.add_tickets());
    }
    if (!s.ok()) return s;
    return list;
  }

  Result<v1::Counts> CountTickets(const v1::CountTickets& req) override {
    Where w = FilterWhere(req.filter());
    std::string column;
    switch (req.by()) {
      case v1::COUNT_BY_OPD:
        column = "opd";
        break;
      case v1::COUNT_BY_STATUS:
        column = "status";
        break;
      case v1::COUNT_BY_URGENCY:
        column = "urgency";
        break;
      case v1::COUNT_BY_CHANNEL:
        column = "channel";
        break;
      default:
        break;
    }
    // Only a text filter needs the bodies.
    std::string table = req.filter().text().empty() ? " FROM tickets" : " FROM ticket_rows";
    std::string sql = column.empty()
                          ? "SELECT '', COUNT(*)" + table + w.sql
                          : "SELECT " + column + ", COUNT(*)" + table + w.sql + " GROUP BY " + column;
    auto st = db_.Prepare(sql);
    if (!st.ok()) return st.status();
    w.Bind(*st);
    v1::Counts counts;
    Status s;
    while (st->Step(&s)) {
      uint64_t n = static_cast<uint64_t>(st->Int(1));
      counts.set_total(counts.total() + n);
      if (column.empty()) continue;
      std::string key(st->Text(0));
      if (req.by() == v1::COUNT_BY_STATUS)
        key = v1::TicketStatus_Name(static_cast<v1::TicketStatus>(st->Int(0)));
      if (req.by() == v1::COUNT_BY_URGENCY) key = v1::Urgency_Name(static_cast<v1::Urgency>(st->Int(0)));
      (*counts.mutable_groups())[key] = n;
    }
    if (!s.ok()) return s;
    return counts;
  }

  Result<v1::EventList> ReadEvents(const v1::ReadEvents& req) override {
    // One read transaction: the events and last_seq are one snapshot.
    Status begun = db_.Exec("BEGIN");
    if (!begun.ok()) return begun;
    auto result = ReadEventsSnapshot(req);
    if (!db_.Exec("COMMIT").ok()) (void)db_.Exec("ROLLBACK");  // a read: nothing to keep either way
    return result;
  }

  Result<v1::EventList> ReadEventsSnapshot(const v1::ReadEvents& req) {
    uint32_t limit = req.limit() == 0 ? kDefaultEventLimit : std::min(req.limit(), kMaxEventLimit);
    Where w;
    w.Add("seq > ?");
    w.binds.emplace_back(static_cast<int64_t>(req.after_seq()));
    w.In("opd", req.opds(), [](const std::string& s) { return std::variant<int64_t, std::string>(s); });
    auto st = db_.Prepare("SELECT body FROM events" + w.sql + " ORDER BY seq LIMIT ?");
    if (!st.ok()) return st.status();
    w.Bind(*st);
    st->Bind(static_cast<int>(w.binds.size()) + 1, int64_t{limit});
    v1::EventList list;
    Status s;
    while (st->Step(&s)) {
      auto body = st->Blob(0);
      if (!list.add_events()->ParseFromArray(body.data(), static_cast<int>(body.size()))) {
        // Never an event with seq 0 that would send a reader's cursor back: say what is damaged.
        return Status::Internal("the stored event after seq " +
                                std::to_string(list.events_size() > 1
                                                   ? list.events(list.events_size() - 2).seq()
                                                   : req.after_seq()) +
                                " does not parse (aspirasi audit verify locates it)");
      }
    }
    if (!s.ok()) return s;
    auto last = LastSeq();
    if (!last.ok()) return last.status();
    list.set_last_seq(*last);
    return list;
  }

  Result<uint64_t> LastSeq() override {
    auto st = db_.Prepare("SELECT COALESCE(MAX(seq), 0) FROM events");
    if (!st.ok()) return st.status();
    Status s;
    uint64_t seq = st->Step(&s) ? static_cast<uint64_t>(st->Int(0)) : 0;
    if (!s.ok()) return s;
    return seq;
  }

  Result<std::vector<PendingTicket>> PendingPage(const std::string& opd, std::size_t limit) override {
    auto st = db_.Prepare(
        "SELECT id, urgency, sla_due_ms, attempts FROM tickets INDEXED BY tickets_delivery_queue "
        "WHERE delivery=1 AND opd=? ORDER BY urgency DESC, sla_due_ms, id LIMIT ?");
    if (!st.ok()) return st.status();
    st->Bind(1, opd);
    st->Bind(2, static_cast<int64_t>(limit));
    std::vector<PendingTicket> out;
    Status s;
    while (st->Step(&s)) {
      auto& p = out.emplace_back();
      p.id = static_cast<uint64_t>(st->Int(0));
      p.opd = opd;
      p.urgency = static_cast<v1::Urgency>(st->Int(1));
      p.sla_due_ms = st->Int(2);
      p.attempts = static_cast<uint32_t>(st->Int(3));
    }
    if (!s.ok()) return s;
    return out;
  }

  Result<std::vector<std::pair<std::string, uint64_t>>> PendingCounts() override {
    return CountByOpd(
        "SELECT opd, COUNT(*) FROM tickets INDEXED BY tickets_delivery_queue WHERE delivery=1 GROUP BY opd");
  }

  Result<std::string> LoadDeliverable(uint64_t id) override {
    auto t = GetTicket(id, "");
    if (!t.ok()) return t.status();
    return t->SerializeAsString();
  }

  Result<v1::TicketList> Queue(const v1::GetQueue& req) override {
    uint32_t limit = req.limit() == 0 ? kDefaultListLimit : std::min(req.limit(), kMaxListLimit);
    std::string statuses = req.include_waiting() ? "1, 2, 3, 4" : "1, 2, 3";
    auto st = db_.Prepare(std::string("SELECT ") + kTicketColumns +
                          " FROM ticket_rows WHERE opd=? AND status IN (" + statuses +
                          ") ORDER BY urgency DESC, sla_due_ms, id LIMIT ?");
    if (!st.ok()) return st.status();
    st->Bind(1, req.opd()).Bind(2, int64_t{limit});
    v1::TicketList list;
    Status s;
    while (st->Step(&s)) ReadTicketRow(*st, list.add_tickets());
    if (!s.ok()) return s;
    return list;
  }

  Result<std::vector<ReplyRecord>> LoadSendingReplies() override {
    auto st = db_.Prepare(
        "SELECT id, ticket_id, opd, state, attempts, sending_session, urgency FROM replies WHERE state=2 "
        "ORDER "
        "BY id");
    if (!st.ok()) return st.status();
    return ReplyRows(*st);
  }

  Result<std::vector<ReplyRecord>> PendingReplyPage(const std::string& opd, std::size_t limit) override {
    auto st = db_.Prepare(
        "SELECT id, ticket_id, opd, state, attempts, sending_session, urgency FROM replies INDEXED BY "
        "replies_pending WHERE state=1 AND opd=? ORDER BY urgency DESC, id LIMIT ?");
    if (!st.ok()) return st.status();
    st->Bind(1, opd);
    st->Bind(2, static_cast<int64_t>(limit));
    return ReplyRows(*st);
  }

  Result<std::vector<std::pair<std::string, uint64_t>>> PendingReplyCounts() override {
    return CountByOpd(
        "SELECT opd, COUNT(*) FROM replies INDEXED BY replies_pending WHERE state=1 GROUP BY opd");
  }

  Result<std::string> LoadReplyBody(uint64_t id) override {
    auto st = db_.Prepare("SELECT body FROM replies WHERE id=?");
    if (!st.ok()) return st.status();
    st->Bind(1, static_cast<int64_t>(id));
    Status s;
    if (!st->Step(&s)) {
      if (!s.ok()) return s;
      return Status::NotFound("reply " + std::to_string(id) + " not found");
    }
    return std::string(st->Blob(0));
  }

  Result<std::vector<SlaTimerRow>> LoadSlaTimers() override {
    auto st = db_.Prepare("SELECT id, sla_next_ms FROM tickets WHERE sla_next_ms > 0");
    if (!st.ok()) return st.status();
    std::vector<SlaTimerRow> out;
    Status s;
    while (st->Step(&s)) out.push_back({static_cast<uint64_t>(st->Int(0)), st->Int(1)});
    if (!s.ok()) return s;
    return out;
  }

  Result<std::vector<SlaTimerRow>> SlaTimerPage(const SlaTimerRow* after, std::size_t limit) override {
    auto st = db_.Prepare(
        after == nullptr
            ? "SELECT id, sla_next_ms FROM tickets INDEXED BY tickets_sla_next WHERE sla_next_ms > "
              "0 ORDER BY sla_next_ms, id LIMIT ?"
            : "SELECT id, sla_next_ms FROM tickets INDEXED BY tickets_sla_next WHERE sla_next_ms > "
              "0 AND (sla_next_ms, id) > (?, ?) ORDER BY sla_next_ms, id LIMIT ?");
    if (!st.ok()) return st.status();
    int i = 1;
    if (after != nullptr) {
      st->Bind(i++, after->next_ms);
      st->Bind(i++, static_cast<int64_t>(after->ticket_id));
    }
    st->Bind(i, static_cast<int64_t>(limit));
    std::vector<SlaTimerRow> out;
    Status s;
    while (st->Step(&s)) out.push_back({static_cast<uint64_t>(st->Int(0)), st->Int(1)});
    if (!s.ok()) return s;
    return out;
  }

  Result<v1::AlertList> ListAlerts(const v1::ListAlerts& req,
                                   const std::vector<std::string>* roles) override {
    Where w;
    w.In("a.opd", req.opds(), [](const std::string& o) { return o; });
    if (req.open_only()) w.Add("a.acked_ms = 0 AND a.closed_ms = 0");
    if (roles != nullptr) {
      // The OPD's desk (''), a role for every OPD the caller covers, or "role:OPD" for one OPD.
      std::string clause = "(a.role = ''";
      for (const std::string& r : *roles) {
        auto colon = r.find(':');
        if (colon == std::string::npos) {
          clause += " OR a.role = ?";
          w.binds.push_back(std::string(r));
        } else {
          clause += " OR (a.role = ? AND a.opd = ?)";
          w.binds.push_back(r.substr(0, colon));
          w.binds.push_back(r.substr(colon + 1));
        }
      }
      w.Add(clause + ")");
    }
    if (req.level_min() > 0) {
      w.Add("a.level >= ?");
      w.binds.emplace_back(int64_t{req.level_min()});
    }
    uint32_t limit = req.limit() == 0 ? kDefaultListLimit : std::min(req.limit(), kMaxListLimit);
    auto st = db_.Prepare(
        "SELECT a.id, a.ticket_id, t.number, a.opd, a.type, a.level, a.clock, a.due_ms, a.fired_ms, "
        "a.event_seq, "
        "a.acked_by, a.acked_ms, a.note, a.role, a.closed_ms, a.closed_reason, a.reply_id "
        "FROM alerts a LEFT JOIN tickets t ON t.id = a.ticket_id" +
        w.sql + " ORDER BY a.id DESC LIMIT ?");
    if (!st.ok()) return st.status();
    w.Bind(*st);
    st->Bind(static_cast<int>(w.binds.size()) + 1, int64_t{limit});
    v1::AlertList out;
    Status s;
    while (st->Step(&s)) {
      auto* a = out.add_alerts();
      a->set_id(static_cast<uint64_t>(st->Int(0)));
      a->set_ticket_id(static_cast<uint64_t>(st->Int(1)));
      a->set_ticket_number(std::string(st->Text(2)));
      a->set_opd(std::string(st->Text(3)));
      a->set_type(static_cast<v1::EventType>(st->Int(4)));
      a->set_level(static_cast<uint32_t>(st->Int(5)));
      a->set_clock(std::string(st->Text(6)));
      a->set_due_ms(st->Int(7));
      a->set_fired_ms(st->Int(8));
      a->set_event_seq(static_cast<uint64_t>(st->Int(9)));
      a->set_acked_by(std::string(st->Text(10)));
      a->set_acked_ms(st->Int(11));
      a->set_note(std::string(st->Text(12)));
      a->set_role(std::string(st->Text(13)));
      a->set_closed_ms(st->Int(14));
      a->set_closed_reason(std::string(st->Text(15)));
      a->set_reply_id(static_cast<uint64_t>(st->Int(16)));
    }
    if (!s.ok()) return s;
    return out;
  }

  Result<std::vector<ReportTicket>> ReportTickets(int64_t from_ms, int64_t to_ms,
                                                  const std::vector<std::string>& opds) override {
    Status begun = db_.Exec("BEGIN");
    if (!begun.ok()) return begun;
    auto result = ReportSnapshot(from_ms, to_ms, opds);
    (void)db_.Exec("COMMIT");
    return result;
  }

  Result<std::vector<ReportTicket>> ReportSnapshot(int64_t from_ms, int64_t to_ms,
                                                   const std::vector<std::string>& opds) {
    Where w;
    w.Add("t.received_ms >= ?");
    w.binds.emplace_back(from_ms);
    w.Add("t.received_ms < ?");
    w.binds.emplace_back(to_ms);
    if (!opds.empty()) {
      std::string clause = "t.opd IN (";
      for (std::size_t k = 0; k < opds.size(); ++k) {
        clause += k ? ",?" : "?";
        w.binds.emplace_back(opds[k]);
      }
      w.Add(clause + ")");
    }
    auto st = db_.Prepare(
        "SELECT t.id, t.opd, t.channel, t.status, t.received_ms, t.sla_due_ms, b.body FROM tickets t "
        "INDEXED BY tickets_received JOIN ticket_bodies b ON b.id = t.id" +
        w.sql + " ORDER BY t.id");
    if (!st.ok()) return st.status();
    w.Bind(*st);
    std::vector<ReportTicket> out;
    Status s;
    while (st->Step(&s)) {
      auto& r = out.emplace_back();
      r.id = static_cast<uint64_t>(st->Int(0));
      r.opd = std::string(st->Text(1));
      r.channel = std::string(st->Text(2));
      r.status = static_cast<v1::TicketStatus>(st->Int(3));
      r.received_ms = st->Int(4);
      r.first_response_due_ms = st->Int(5);
      auto body = st->Blob(6);
      v1::Ticket t;
      if (!t.ParseFromArray(body.data(), static_cast<int>(body.size()))) {
        return Status::Internal("ticket " + std::to_string(r.id) + " has a corrupt body");
      }
      r.category = t.category();
      r.first_responded_ms = t.sla().first_responded_at_ms();
    }
    if (!s.ok()) return s;
    if (out.empty()) return out;
    // The alerts of the same tickets, by the same range (alerts_ticket index per ticket).
    auto al = db_.Prepare(
        "SELECT a.ticket_id, a.level, COUNT(*) FROM tickets t INDEXED BY tickets_received JOIN alerts a "
        "ON a.ticket_id = t.id" +
        w.sql + " AND a.level >= 1 GROUP BY a.ticket_id, a.level ORDER BY a.ticket_id");
    if (!al.ok()) return al.status();
    w.Bind(*al);
    std::size_t i = 0;
    while (al->Step(&s)) {
      uint64_t id = static_cast<uint64_t>(al->Int(0));
      auto level = static_cast<std::size_t>(al->Int(1));
      while (i < out.size() && out[i].id < id) ++i;
      if (i == out.size()) break;
      if (out[i].id != id) continue;
      auto& v = out[i].alerts_by_level;
      if (v.size() < level) v.resize(level, 0);
      v[level - 1] += static_cast<uint64_t>(al->Int(2));
    }
    if (!s.ok()) return s;
    return out;
  }

 private:
  static Result<std::vector<ReplyRecord>> ReplyRows(Stmt& st) {
    std::vector<ReplyRecord> out;
    Status s;
    while (st.Step(&s)) {
      auto& r = out.emplace_back();
      r.id = static_cast<uint64_t>(st.Int(0));
      r.ticket_id = static_cast<uint64_t>(st.Int(1));
      r.opd = std::string(st.Text(2));
      r.state = static_cast<v1::ReplyState>(st.Int(3));
      r.attempts = static_cast<uint32_t>(st.Int(4));
      r.sending_session = static_cast<uint64_t>(st.Int(5));
      r.urgency = static_cast<v1::Urgency>(st.Int(6));
    }
    if (!s.ok()) return s;
    return out;
  }

  Result<std::vector<std::pair<std::string, uint64_t>>> CountByOpd(const char* sql) {
    auto st = db_.Prepare(sql);
    if (!st.ok()) return st.status();
    std::vector<std::pair<std::string, uint64_t>> out;
    Status s;
    while (st->Step(&s)) out.emplace_back(std::string(st->Text(0)), static_cast<uint64_t>(st->Int(1)));
    if (!s.ok()) return s;
    return out;
  }

  Db db_;
};

}  // namespace

Result<std::unique_ptr<StoreReader>> OpenSqliteReader(const std::string& path) {
  auto reader = std::make_unique<SqliteReader>();
  Status s = reader->Open(path);
  if (!s.ok()) return s;
  return std::unique_ptr<StoreReader>(std::move(reader));
}

}  // namespace aspirasi::store

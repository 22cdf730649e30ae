#include "broker/api/report.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

namespace aspirasi::api {
namespace {

constexpr int64_t kHourMs = 3'600'000;
constexpr int64_t kDayMs = 24 * kHourMs;

bool IsOpen(v1::TicketStatus s) {
  return s == v1::NEW || s == v1::OPEN || s == v1::IN_PROGRESS || s == v1::WAITING_CITIZEN;
}

struct Acc {
  v1::ReportRow row;
  std::vector<int64_t> response_ms;  // working ms, answered tickets
  std::vector<uint64_t> levels;
};

void Add(Acc& a, const store::ReportTicket& t, int64_t working_ms, int64_t now_ms) {
  auto& r = a.row;
  r.set_tickets_in(r.tickets_in() + 1);
  bool answered = t.first_responded_ms > 0;
  if (answered) {
    r.set_answered(r.answered() + 1);
    a.response_ms.push_back(working_ms);
    r.set_sla_measured(r.sla_measured() + 1);
    if (t.first_response_due_ms <= 0 || t.first_responded_ms <= t.first_response_due_ms) {
      r.set_within_sla(r.within_sla() + 1);
    }
  } else if (t.first_response_due_ms > 0 && t.first_response_due_ms <= now_ms) {
    r.set_sla_measured(r.sla_measured() + 1);  // late, still unanswered
  }
  if (a.levels.size() < t.alerts_by_level.size()) a.levels.resize(t.alerts_by_level.size(), 0);
  for (std::size_t i = 0; i < t.alerts_by_level.size(); ++i) a.levels[i] += t.alerts_by_level[i];
  if (IsOpen(t.status)) {
    int64_t age = now_ms - t.received_ms;
    if (age < kDayMs) {
      r.set_backlog_lt_1d(r.backlog_lt_1d() + 1);
    } else if (age < 3 * kDayMs) {
      r.set_backlog_1_3d(r.backlog_1_3d() + 1);
    } else if (age < 7 * kDayMs) {
      r.set_backlog_3_7d(r.backlog_3_7d() + 1);
    } else {
      r.set_backlog_gt_7d(r.backlog_gt_7d() + 1);
    }
  }
}

v1::ReportRow Finish(Acc& a, std::size_t levels) {
  v1::ReportRow r = std::move(a.row);
  if (r.sla_measured() > 0)
    r.set_within_sla_pct(100.0 * static_cast<double>(r.within_sla()) / static_cast<double>(r.sla_measured()));
  auto& v = a.response_ms;
  if (!v.empty()) {
    std::sort(v.begin(), v.end());
    std::size_t n = v.size();
    double median = n % 2 ? static_cast<double>(v[n / 2])
                          : (static_cast<double>(v[n / 2 - 1]) + static_cast<double>(v[n / 2])) / 2;
    // Nearest rank: the ceil(0.9 n)-th smallest (n * 9 + 9) / 10 in integers.
    std::size_t rank = (n * 9 + 9) / 10;
    r.set_first_response_median_h(median / static_cast<double>(kHourMs));
    r.set_first_response_p90_h(static_cast<double>(v[rank - 1]) / static_cast<double>(kHourMs));
  }
  a.levels.resize(levels, 0);
  for (uint64_t c : a.levels) r.add_breaches_by_level(c);
  return r;
}

}  // namespace

v1::Report BuildReport(const std::vector<store::ReportTicket>& tickets, const sla::CalendarSet* calendars,
                       int64_t from_ms, int64_t to_ms, int64_t now_ms) {
  std::map<std::string, Acc> by_opd, by_channel, by_category;
  Acc total;
  std::size_t levels = 0;
  for (const auto& t : tickets) {
    int64_t working_ms = 0;
    if (t.first_responded_ms > 0) {
      working_ms = calendars ? calendars->For(t.opd).WorkingBetween(t.received_ms, t.first_responded_ms)
                             : std::max<int64_t>(0, t.first_responded_ms - t.received_ms);
    }
    levels = std::max(levels, t.alerts_by_level.size());
    Add(by_opd[t.opd], t, working_ms, now_ms);
    Add(by_channel[t.channel], t, working_ms, now_ms);
    Add(by_category[t.category], t, working_ms, now_ms);
    Add(total, t, working_ms, now_ms);
  }
  v1::Report report;
  report.set_from_ms(from_ms);
  report.set_to_ms(to_ms);
  report.set_generated_ms(now_ms);
  report.set_levels(static_cast<uint32_t>(levels));
  auto emit = [&](std::map<std::string, Acc>& groups,
                  google::protobuf::RepeatedPtrField<v1::ReportRow>* out) {
    for (auto& [key, acc] : groups) {
      auto* row = out->Add();
      *row = Finish(acc, levels);
      row->set_key(key);
    }
  };
  emit(by_opd, report.mutable_by_opd());
  emit(by_channel, report.mutable_by_channel());
  emit(by_category, report.mutable_by_category());
  *report.mutable_total() = Finish(total, levels);
  return report;
}

}  // namespace aspirasi::api

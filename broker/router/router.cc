#include "broker/router/router.h"

#include <limits>

#include "common/i18n/catalogue.h"

namespace aspirasi::router {
namespace {

bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

template <class Fn>
void ForEachWord(std::string_view text, Fn fn) {
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !IsWordByte(static_cast<unsigned char>(text[i]))) ++i;
    std::size_t start = i;
    while (i < text.size() && IsWordByte(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) fn(text.substr(start, i - start));
  }
}

}  // namespace

std::vector<std::string> Router::Words(std::string_view text) {
  std::vector<std::string> words;
  ForEachWord(text, [&](std::string_view w) { words.push_back(LowerAscii(w)); });
  return words;
}

Router::Router(const Config& config) : config_(config) {
  for (std::size_t r = 0; r < config.rules.size(); ++r) {
    const auto& rule = config.rules[r];
    rules_.push_back({rule.name, rule.opd});
    for (const auto& keyword : rule.keywords) {
      auto words = Words(keyword);
      if (words.empty()) continue;
      std::string first = words.front();
      phrases_by_first_word_[first].push_back({std::move(words), keyword, r});
    }
    for (const auto& category : rule.categories) rule_by_category_.emplace(LowerAscii(category), r);
  }
}

Decision Router::Route(const v1::TicketDraft& draft) const {
  Decision d;
  auto explain = [&](i18n::Text text) {
    d.routing.set_explanation(i18n::English(text));
    d.text = std::move(text);
  };
  if (!draft.opd().empty() && config_.FindOpd(draft.opd())) {
    d.opd = draft.opd();
    d.routing.set_reason(v1::ROUTE_EXPLICIT);
    explain(i18n::T(i18n::K("route.explicit"), {{"opd", d.opd}}));
    return d;
  }
  if (const auto* account = config_.FindAccount(draft.channel(), draft.account());
      account && !account->opd.empty()) {
    d.opd = account->opd;
    d.routing.set_reason(v1::ROUTE_ACCOUNT);
    d.routing.set_matched(draft.channel() + "/" + draft.account());
    explain(i18n::T(i18n::K("route.account"), {{"account", account->name}, {"opd", d.opd}}));
    return d;
  }
  // The source's own category decides before any keyword.
  if (!draft.category().empty()) {
    if (auto it = rule_by_category_.find(LowerAscii(draft.category())); it != rule_by_category_.end()) {
      const Rule& rule = rules_[it->second];
      d.opd = rule.opd;
      d.routing.set_reason(v1::ROUTE_CATEGORY);
      d.routing.set_rule(rule.name);
      d.routing.set_matched(draft.category());
      explain(i18n::T(i18n::K("route.category"),
                      {{"category", draft.category()}, {"rule", rule.name}, {"opd", d.opd}}));
      return d;
    }
  }

  // The earliest rule wins, whichever of its keywords matched.
  std::size_t best_rule = std::numeric_limits<std::size_t>::max();
  std::string matched;
  if (!phrases_by_first_word_.empty()) {
    // One lower-cased copy of the text; words are views into it (no allocation per word).
    std::string lowered = LowerAscii(draft.text());
    std::vector<std::string_view> words;
    words.reserve(lowered.size() / 5 + 1);
    ForEachWord(lowered, [&](std::string_view w) { words.push_back(w); });
    for (std::size_t i = 0; i < words.size(); ++i) {
      auto it = phrases_by_first_word_.find(words[i]);
      if (it == phrases_by_first_word_.end()) continue;
      for (const Phrase& p : it->second) {
        if (p.rule >= best_rule || i + p.words.size() > words.size()) continue;
        bool all = true;
        for (std::size_t k = 1; k < p.words.size() && all; ++k) all = words[i + k] == p.words[k];
        if (all) {
          best_rule = p.rule;
          matched = p.keyword;
        }
      }
    }
  }
  if (best_rule < rules_.size()) {
    const Rule& rule = rules_[best_rule];
    d.opd = rule.opd;
    d.routing.set_reason(v1::ROUTE_RULE);
    d.routing.set_rule(rule.name);
    d.routing.set_matched(matched);
    explain(i18n::T(i18n::K("route.keyword"), {{"keyword", matched}, {"rule", rule.name}, {"opd", d.opd}}));
    return d;
  }
  d.opd = config_.tenant.triage_opd;
  d.routing.set_reason(v1::ROUTE_TRIAGE);
  explain(i18n::T(i18n::K("route.triage"), {{"opd", d.opd}}));
  return d;
}

}  // namespace aspirasi::router

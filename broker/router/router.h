// Router: decides which OPD owns a new ticket, and records why.
//
// Order: an explicit OPD named in the draft (if configured); the receiving account's OPD; the
// category the source gave (a form's field, the citizen's own choice), when a [[rule]] lists it
// (case-insensitive; the first such rule); the first [[rule]] (config order) with a keyword or
// phrase in the text (whole words, case-insensitive); else the triage OPD. A category decides
// before keywords: "kategori: infrastruktur" about a drain that mentions "banjir" goes to PUPR, not
// to the BPBD rule that lists "banjir" first. The decision's reason says which step decided.
//
// Words are runs of ASCII letters and digits; everything else (spaces, punctuation, hyphens,
// emoji and other non-ASCII bytes) separates words, in the text and in the keywords alike, so
// "gorong-gorong" matches "Gorong gorong" and "banjir🙏". Matching costs one hash lookup per word.
//
// Thread safety: immutable after construction; Route is safe from any thread.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "aspirasi/v1/ticket.pb.h"
#include "common/config.h"
#include "common/i18n/text.h"

namespace aspirasi::router {

struct Decision {
  std::string opd;
  v1::Routing routing;  // routing.explanation: the English sentence of `text`
  i18n::Text text;      // why, for people (the TICKET_CREATED event)
};

class Router {
 public:
  explicit Router(const Config& config);
  Decision Route(const v1::TicketDraft& draft) const;

  // Lower-cased ASCII words of `text`, as the router sees them.
  static std::vector<std::string> Words(std::string_view text);

 private:
  struct Phrase {
    std::vector<std::string> words;  // words[0] is the map key
    std::string keyword;             // as configured
    std::size_t rule;                // index into rules_
  };
  struct Rule {
    std::string name, opd;
  };

  const Config& config_;
  std::vector<Rule> rules_;
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::vector<Phrase>, Hash, std::equal_to<>> phrases_by_first_word_;
  std::unordered_map<std::string, std::size_t> rule_by_category_;  // lower-case category -> first rule
};

}  // namespace aspirasi::router

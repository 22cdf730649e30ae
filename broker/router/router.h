// Router: decides which OPD owns a new ticket, and records why.
//
// Order: an explicit OPD named in the draft (if configured); the receiving account's OPD;
// the first [[rule]] (config order) with a keyword/phrase in the text (whole words,
// case-insensitive) or an equal category; else the triage OPD.
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

namespace aspirasi::router {

struct Decision {
  std::string opd;
  v1::Routing routing;
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

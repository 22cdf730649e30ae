#include "common/i18n/catalogue.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "common/i18n/text.h"

namespace aspirasi::i18n {
namespace {

// The build already refuses an incomplete catalogue (static_assert); this names the entry.
TEST(Catalogue, EveryEntryHasBothLanguagesAndTheSamePlaceholders) {
  for (std::size_t i = 0; i < kCatalogueSize; ++i) {
    EXPECT_EQ(EntryProblem(i), "") << "entry " << i << " \"" << kCatalogue[i].key << "\"";
  }
}

TEST(Catalogue, EveryKeyOnce) {
  std::set<std::string_view> seen;
  for (const Entry& e : kCatalogue) EXPECT_TRUE(seen.insert(e.key).second) << "\"" << e.key << "\" twice";
}

TEST(Catalogue, FindsEveryKeyAndNothingElse) {
  for (const Entry& e : kCatalogue) {
    const Entry* found = Find(e.key);
    ASSERT_NE(found, nullptr) << e.key;
    EXPECT_EQ(found->key, e.key);
  }
  EXPECT_EQ(Find("no.such.key"), nullptr);
  EXPECT_EQ(Find(""), nullptr);
}

TEST(Catalogue, PlaceholdersAreFound) {
  EXPECT_EQ(internal::Placeholder("a {x} b {y:time}", 0), "x");
  EXPECT_EQ(internal::Placeholder("a {x} b {y:time}", 1), "y:time");
  EXPECT_EQ(internal::Placeholder("a {x} b {y:time}", 2), "");
  EXPECT_EQ(internal::Placeholder("a {x", 0), "{");
  EXPECT_TRUE(internal::Contains("see {ticket} now", "ticket"));
  EXPECT_FALSE(internal::Contains("see {ticket} now", "tick"));
}

TEST(Text, RendersBothLanguagesWithArguments) {
  Text t = T(K("status.NEW"));
  EXPECT_EQ(Render(Lang::kId, t), "BARU");
  EXPECT_EQ(Render(Lang::kEn, t), "NEW");
  Text unknown;
  unknown.key = "no.such.key";
  EXPECT_EQ(Render(Lang::kId, unknown), "no.such.key");
}

TEST(Text, TimesInTheTenantZone) {
  // 2026-01-12 03:00:00 UTC = 10:00 WIB = 11:00 WITA = 12:00 WIT.
  const int64_t ms = 1768186800000;
  EXPECT_EQ(FormatTime(ms, ZoneOf("Asia/Jakarta")), "2026-01-12 10:00 WIB");
  EXPECT_EQ(FormatTime(ms, ZoneOf("Asia/Makassar"), false), "11:00 WITA");
  EXPECT_EQ(FormatTime(ms, ZoneOf("Asia/Jayapura")), "2026-01-12 12:00 WIT");
  EXPECT_EQ(FormatTime(0, ZoneOf("Asia/Jakarta")), "-");
}

TEST(Text, LanguageFromFlagOrEnvironment) {
  Lang l = Lang::kId;
  EXPECT_TRUE(ParseLang("en", &l));
  EXPECT_EQ(l, Lang::kEn);
  EXPECT_TRUE(ParseLang("id_ID.UTF-8", &l));
  EXPECT_EQ(l, Lang::kId);
  EXPECT_TRUE(ParseLang("EN_us", &l));
  EXPECT_EQ(l, Lang::kEn);
  EXPECT_FALSE(ParseLang("fr", &l));
  EXPECT_FALSE(ParseLang("english", &l));
  EXPECT_EQ(l, Lang::kEn);
  setenv("ASPIRASI_LANG", "", 1);
  setenv("LC_ALL", "", 1);
  setenv("LC_MESSAGES", "", 1);
  setenv("LANG", "C.UTF-8", 1);
  EXPECT_EQ(LangFromEnvironment(), Lang::kId);
  setenv("LANG", "en_US.UTF-8", 1);
  EXPECT_EQ(LangFromEnvironment(), Lang::kEn);
  setenv("ASPIRASI_LANG", "id", 1);
  EXPECT_EQ(LangFromEnvironment(), Lang::kId);
  unsetenv("ASPIRASI_LANG");
  unsetenv("LANG");
  EXPECT_EQ(LangFromEnvironment(), Lang::kId);
}

TEST(Text, CatalogueAsJson) {
  std::string json = CatalogueJson(Lang::kId);
  EXPECT_NE(json.find("\"status.NEW\":\"BARU\""), std::string::npos) << json.substr(0, 200);
  EXPECT_EQ(json.front(), '{');
  EXPECT_EQ(json.back(), '}');
}

}  // namespace
}  // namespace aspirasi::i18n

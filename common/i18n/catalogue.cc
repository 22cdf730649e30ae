#include "common/i18n/catalogue.h"

#include <string>
#include <unordered_map>

namespace aspirasi::i18n {

// A catalogue entry without both languages, or with placeholders that differ between them, stops
// the build here; catalogue_test.cc names the entry. (GCC only: clang's default constexpr step
// limit is too small for the whole table; its builds are the fuzz targets, which GCC's build checks.)
#if defined(__GNUC__) && !defined(__clang__)
static_assert(CatalogueIsComplete(), "common/i18n/catalogue_entries.h has an incomplete entry");
#endif

const Entry* Find(std::string_view key) {
  static const auto* index = [] {
    auto* m = new std::unordered_map<std::string_view, const Entry*>();
    m->reserve(kCatalogueSize);
    for (const Entry& e : kCatalogue) m->emplace(e.key, &e);
    return m;
  }();
  auto it = index->find(key);
  return it == index->end() ? nullptr : it->second;
}

}  // namespace aspirasi::i18n

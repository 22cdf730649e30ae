#include "common/status.h"

#include <gtest/gtest.h>

namespace aspirasi {
namespace {

TEST(Status, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(Status, CarriesCodeFieldAndMessage) {
  Status s = Status::InvalidArgument("draft.text", "text is empty");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), v1::INVALID_ARGUMENT);
  EXPECT_EQ(s.ToString(), "INVALID_ARGUMENT (draft.text): text is empty");
}

TEST(Status, UnknownCodeFromNewerPeerMapsToUnknown) {
  v1::Error e;
  e.set_code(static_cast<v1::ErrorCode>(977));
  e.set_message("from the future");
  Status s = Status::FromProto(e);
  EXPECT_EQ(s.code(), v1::ERROR_UNKNOWN);
  EXPECT_EQ(s.message(), "from the future");
}

TEST(Status, ErrorWithOkCodeIsNotOk) { EXPECT_FALSE(Status::Error(v1::OK, "nonsense").ok()); }

TEST(Result, HoldsValueOrStatus) {
  Result<int> good(42);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 42);
  Result<int> bad(Status::NotFound("no such ticket"));
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), v1::NOT_FOUND);
}

}  // namespace
}  // namespace aspirasi

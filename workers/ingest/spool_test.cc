#include "workers/ingest/spool.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace aspirasi::ingest {
namespace {

std::string TempPath(const std::string& name) {
  auto p =
      std::filesystem::temp_directory_path() / ("aspirasi-spool-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return (p / "spool.db").string();
}

v1::Submit Make(const std::string& key) {
  v1::Submit s;
  s.set_idempotency_key(key);
  s.mutable_draft()->set_channel("form");
  s.mutable_draft()->set_text("teks " + key);
  return s;
}

TEST(Spool, KeepsOrderAndSurvivesReopen) {
  std::string path = TempPath("order");
  {
    auto spool = Spool::Open(path);
    ASSERT_TRUE(spool.ok()) << spool.status().ToString();
    ASSERT_TRUE((*spool)->Append({Make("a"), Make("b")}).ok());
    ASSERT_TRUE((*spool)->Append({Make("c")}).ok());
    EXPECT_EQ((*spool)->size(), 3);
  }
  auto spool = Spool::Open(path);
  ASSERT_TRUE(spool.ok());
  EXPECT_EQ((*spool)->size(), 3);
  auto first = (*spool)->Peek(2);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].submit.idempotency_key(), "a");
  EXPECT_EQ((*first)[1].submit.idempotency_key(), "b");
  EXPECT_EQ((*first)[1].submit.draft().text(), "teks b");
  ASSERT_TRUE((*spool)->Remove({(*first)[0].seq}).ok());
  auto rest = (*spool)->Peek(10);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 2u);
  EXPECT_EQ((*rest)[0].submit.idempotency_key(), "b");
  EXPECT_EQ((*rest)[1].submit.idempotency_key(), "c");
  EXPECT_EQ((*spool)->size(), 2);
  ASSERT_TRUE((*spool)->Remove({(*rest)[0].seq, (*rest)[1].seq, (*rest)[1].seq}).ok());
  EXPECT_EQ((*spool)->size(), 0);
  EXPECT_TRUE((*spool)->Peek(10)->empty());
}

TEST(Spool, CannotOpenInAMissingFolder) {
  auto spool = Spool::Open("/nonexistent-folder-aspirasi/spool.db");
  ASSERT_FALSE(spool.ok());
  EXPECT_EQ(spool.status().code(), v1::IO_ERROR);
}

TEST(Spool, EmptyAppendIsNothing) {
  auto spool = Spool::Open(TempPath("empty"));
  ASSERT_TRUE(spool.ok());
  EXPECT_TRUE((*spool)->Append({}).ok());
  EXPECT_EQ((*spool)->size(), 0);
}

}  // namespace
}  // namespace aspirasi::ingest

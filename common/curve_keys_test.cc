#include "common/curve_keys.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace aspirasi {
namespace {

namespace fs = std::filesystem;

class CurveKeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("aspirasi-keys-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  unsigned Mode(const fs::path& p) {
    struct stat st {};
    ::stat(p.c_str(), &st);
    return st.st_mode & 0777;
  }
  fs::path dir_;
};

TEST_F(CurveKeysTest, MadeKeysAreWrittenPrivatelyAndReadBack) {
  auto pair = GenerateCurveKeyPair();
  ASSERT_TRUE(pair.ok()) << pair.status().ToString();
  EXPECT_TRUE(IsZ85Key(pair->public_key));
  EXPECT_TRUE(IsZ85Key(pair->secret_key));
  ASSERT_TRUE(WriteCurveKeyPair(dir_.string(), "responder-pupr", *pair).ok());
  EXPECT_EQ(Mode(dir_), 0700u);
  EXPECT_EQ(Mode(dir_ / "responder-pupr.key_secret"), 0600u);
  EXPECT_EQ(Mode(dir_ / "responder-pupr.key"), 0644u);
  auto pub = ReadCurvePublicKey((dir_ / "responder-pupr.key").string());
  ASSERT_TRUE(pub.ok()) << pub.status().ToString();
  EXPECT_EQ(*pub, pair->public_key);
  auto sec = ReadCurveSecretKey((dir_ / "responder-pupr.key_secret").string());
  ASSERT_TRUE(sec.ok()) << sec.status().ToString();
  EXPECT_EQ(sec->public_key, pair->public_key);
  EXPECT_EQ(sec->secret_key, pair->secret_key);
  // The public file holds no secret.
  std::ifstream in(dir_ / "responder-pupr.key");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text.find(pair->secret_key), std::string::npos);
  EXPECT_EQ(text.find("secret-key"), std::string::npos);
}

TEST_F(CurveKeysTest, NeverOverwritesAndRefusesBadNames) {
  auto pair = GenerateCurveKeyPair();
  ASSERT_TRUE(pair.ok());
  ASSERT_TRUE(WriteCurveKeyPair(dir_.string(), "console", *pair).ok());
  auto other = GenerateCurveKeyPair();
  Status again = WriteCurveKeyPair(dir_.string(), "console", *other);
  EXPECT_EQ(again.code(), v1::IO_ERROR);
  EXPECT_NE(again.message().find("already exists"), std::string::npos) << again.message();
  EXPECT_EQ(ReadCurveSecretKey((dir_ / "console.key_secret").string())->secret_key, pair->secret_key);
  for (const char* bad : {"", "../x", ".hidden", "-x", "a b", "x/y"}) {
    EXPECT_EQ(WriteCurveKeyPair(dir_.string(), bad, *pair).code(), v1::INVALID_ARGUMENT) << bad;
  }
}

TEST_F(CurveKeysTest, ASecretOthersMayReadIsRefusedWithTheFix) {
  auto pair = GenerateCurveKeyPair();
  ASSERT_TRUE(WriteCurveKeyPair(dir_.string(), "ingest", *pair).ok());
  const std::string path = (dir_ / "ingest.key_secret").string();
  ::chmod(path.c_str(), 0644);
  auto r = ReadCurveSecretKey(path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("chmod 600 " + path), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("644"), std::string::npos);
  ::chmod(path.c_str(), 0600);
  EXPECT_TRUE(ReadCurveSecretKey(path).ok());
}

TEST_F(CurveKeysTest, APublicKeyFileGivenAsTheSecretSaysSoBeforeAnyModeAdvice) {
  auto pair = GenerateCurveKeyPair();
  ASSERT_TRUE(WriteCurveKeyPair(dir_.string(), "budi", *pair).ok());
  const std::string path = (dir_ / "budi.key").string();  // mode 0644, as keygen writes it
  auto r = ReadCurveSecretKey(path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("holds only a public key"), std::string::npos) << r.status().message();
  EXPECT_EQ(r.status().message().find("chmod"), std::string::npos) << r.status().message();
}

TEST_F(CurveKeysTest, DamagedFilesAreClearErrors) {
  fs::create_directories(dir_);
  auto write = [&](const std::string& name, const std::string& text) {
    std::string p = (dir_ / name).string();
    std::ofstream(p) << text;
    ::chmod(p.c_str(), 0600);
    return p;
  };
  EXPECT_FALSE(ReadCurvePublicKey((dir_ / "missing.key").string()).ok());
  EXPECT_FALSE(ReadCurvePublicKey(write("empty.key", "")).ok());
  EXPECT_FALSE(ReadCurvePublicKey(write("short.key", "curve\n    public-key = \"abc\"\n")).ok());
  EXPECT_FALSE(ReadCurvePublicKey(write("big.key", std::string(10000, 'x'))).ok());
  auto a = GenerateCurveKeyPair(), b = GenerateCurveKeyPair();
  std::string mixed = write("mixed.key_secret", "curve\n    public-key = \"" + a->public_key +
                                                    "\"\n    secret-key = \"" + b->secret_key + "\"\n");
  auto r = ReadCurveSecretKey(mixed);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("does not belong"), std::string::npos) << r.status().message();
  // A secret file without its public key: the public key is derived.
  auto only =
      ReadCurveSecretKey(write("only.key_secret", "curve\n    secret-key = \"" + a->secret_key + "\"\n"));
  ASSERT_TRUE(only.ok()) << only.status().ToString();
  EXPECT_EQ(only->public_key, a->public_key);
  EXPECT_FALSE(IsZ85Key(std::string(40, ' ')));
  EXPECT_FALSE(IsZ85Key(std::string(39, 'a')));
}

}  // namespace
}  // namespace aspirasi

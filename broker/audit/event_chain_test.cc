#include "broker/audit/event_chain.h"

#include <gtest/gtest.h>

namespace aspirasi::audit {
namespace {

// Expected values computed independently (Python's hashlib over the same byte layout), so the
// documented formula and the code agree.
TEST(EventChain, LinkIsSha256OverPrevSeqAndBody) {
  ChainHasher h;
  ChainHash first = h.Link(kGenesis, 1, "abc");
  EXPECT_EQ(ToHex(first), "328976acf07e9b1c4a8967f2d63902c9a724235b6363ac83087246ad84cd222a");
  EXPECT_EQ(ToHex(h.Link(first, 2, "")), "cb96282531a1d0882c74c7787aecc9f212a6ea5850064095037473bc6f7ddcec");
}

TEST(EventChain, LinkDependsOnEveryInput) {
  ChainHasher h;
  ChainHash base = h.Link(kGenesis, 7, "body");
  EXPECT_NE(base, h.Link(kGenesis, 8, "body"));
  EXPECT_NE(base, h.Link(kGenesis, 7, "bodY"));
  ChainHash other_prev = kGenesis;
  other_prev[31] = 1;
  EXPECT_NE(base, h.Link(other_prev, 7, "body"));
  EXPECT_EQ(base, h.Link(kGenesis, 7, "body"));  // the hasher is reusable
}

TEST(EventChain, HexRoundTrip) {
  ChainHasher h;
  ChainHash x = h.Link(kGenesis, 1, "x");
  EXPECT_EQ(FromHex(ToHex(x)), x);
  std::string upper = ToHex(x);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(FromHex(upper), x);
  EXPECT_FALSE(FromHex(ToHex(x).substr(1)));
  EXPECT_FALSE(FromHex(std::string(63, '0') + "g"));
  EXPECT_EQ(FromBytes(AsBytes(x)), x);
  EXPECT_FALSE(FromBytes("short"));
}

TEST(EventChain, ParseHead) {
  ChainHasher h;
  ChainHead head{42, h.Link(kGenesis, 42, "e")};
  auto parsed = ParseHead(head.ToString());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->seq, 42u);
  EXPECT_EQ(parsed->hash, head.hash);
  EXPECT_FALSE(ParseHead(""));
  EXPECT_FALSE(ParseHead(":" + ToHex(head.hash)));
  EXPECT_FALSE(ParseHead("0:" + ToHex(head.hash)));
  ASSERT_TRUE(ParseHead("0:" + std::string(64, '0')));  // the empty chain's head, logged at a first start
  EXPECT_EQ(ParseHead("0:" + std::string(64, '0'))->seq, 0u);
  EXPECT_FALSE(ParseHead("x1:" + ToHex(head.hash)));
  EXPECT_FALSE(ParseHead("42"));
  EXPECT_FALSE(ParseHead("42:abc"));
  EXPECT_FALSE(ParseHead("-1:" + ToHex(head.hash)));
}

}  // namespace
}  // namespace aspirasi::audit

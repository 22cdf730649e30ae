#include "clients/lib/event_sequencer.h"

#include <gtest/gtest.h>

namespace aspirasi {
namespace {

v1::Event Ev(uint64_t seq, const std::string& opd = "PUPR") {
  v1::Event e;
  e.set_seq(seq);
  e.set_opd(opd);
  return e;
}

v1::EventList List(std::vector<v1::Event> events, uint64_t last_seq) {
  v1::EventList l;
  for (auto& e : events) *l.add_events() = e;
  l.set_last_seq(last_seq);
  return l;
}

std::vector<uint64_t> PopAll(EventSequencer& s) {
  std::vector<uint64_t> out;
  while (auto e = s.Pop()) out.push_back(e->seq());
  return out;
}

TEST(EventSequencerTest, CatchUpThenLiveWithoutDuplicates) {
  EventSequencer s(2, {});
  EXPECT_TRUE(s.NeedsCatchUp());
  // Live events arrive while the catch-up read is under way.
  s.OnLive(Ev(5));
  s.OnLive(Ev(6));
  EXPECT_TRUE(PopAll(s).empty());
  s.OnCatchUp(List({Ev(3), Ev(4), Ev(5)}, 5));
  EXPECT_FALSE(s.NeedsCatchUp());
  EXPECT_EQ(PopAll(s), (std::vector<uint64_t>{3, 4, 5, 6}));
  s.OnLive(Ev(6));  // a repeat
  s.OnLive(Ev(7));
  EXPECT_EQ(PopAll(s), (std::vector<uint64_t>{7}));
  EXPECT_EQ(s.covered(), 7u);
}

TEST(EventSequencerTest, GapAsksForCatchUp) {
  EventSequencer s(0, {});
  s.OnCatchUp(List({}, 0));
  s.OnLive(Ev(1));
  s.OnLive(Ev(3));
  EXPECT_EQ(PopAll(s), (std::vector<uint64_t>{1}));
  EXPECT_TRUE(s.NeedsCatchUp());
  EXPECT_EQ(s.covered(), 1u);
  s.OnLive(Ev(4));
  s.OnCatchUp(List({Ev(2), Ev(3), Ev(4)}, 4));
  EXPECT_FALSE(s.NeedsCatchUp());
  EXPECT_EQ(PopAll(s), (std::vector<uint64_t>{2, 3, 4}));
}

TEST(EventSequencerTest, PagedCatchUp) {
  EventSequencer s(0, {});
  s.OnCatchUp(List({Ev(1), Ev(2)}, 5));  // a full page, more in the store
  EXPECT_TRUE(s.NeedsCatchUp());
  EXPECT_EQ(s.covered(), 2u);
  s.OnCatchUp(List({Ev(3), Ev(4), Ev(5)}, 6));
  EXPECT_TRUE(s.NeedsCatchUp());  // the store grew meanwhile
  s.OnCatchUp(List({Ev(6)}, 6));
  EXPECT_FALSE(s.NeedsCatchUp());
  EXPECT_EQ(PopAll(s), (std::vector<uint64_t>{1, 2, 3, 4, 5, 6}));
}

TEST(EventSequencerTest, OpdFilterSkipsOthersButKeepsSeqContinuity) {
  EventSequencer s(0, {"DINKES"});
  // A filtered read returns only DINKES events; last_seq is the store's newest.
  s.OnCatchUp(List({Ev(2, "DINKES")}, 4));
  EXPECT_TRUE(s.NeedsCatchUp());  // cannot know 3..4 hold no DINKES event without asking
  s.OnCatchUp(List({}, 4));
  EXPECT_FALSE(s.NeedsCatchUp());
  EXPECT_EQ(s.covered(), 4u);
  s.OnLive(Ev(5, "PUPR"));
  s.OnLive(Ev(6, "DINKES"));
  EXPECT_FALSE(s.NeedsCatchUp());
  EXPECT_EQ(PopAll(s), (std::vector<uint64_t>{2, 6}));
  EXPECT_EQ(s.covered(), 6u);
}

TEST(EventSequencerTest, FullBufferDropsButRecovers) {
  EventSequencer s(0, {}, /*max_buffered=*/2);
  s.OnLive(Ev(1));
  s.OnLive(Ev(2));
  s.OnLive(Ev(3));  // dropped: the buffer is full
  s.OnCatchUp(List({}, 0));
  EXPECT_EQ(PopAll(s), (std::vector<uint64_t>{1, 2}));
  s.OnLive(Ev(4));
  EXPECT_TRUE(s.NeedsCatchUp());
  s.OnCatchUp(List({Ev(3), Ev(4)}, 4));
  EXPECT_EQ(PopAll(s), (std::vector<uint64_t>{3, 4}));
}

TEST(EventSequencerTest, StartBeyondTheStore) {
  EventSequencer s(10, {});
  s.OnCatchUp(List({}, 4));
  EXPECT_FALSE(s.NeedsCatchUp());
  EXPECT_EQ(s.covered(), 10u);
  EXPECT_TRUE(s.store_behind());
  s.OnLive(Ev(11));
  EXPECT_EQ(PopAll(s), (std::vector<uint64_t>{11}));
}

}  // namespace
}  // namespace aspirasi

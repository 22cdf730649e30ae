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

TEST(EventSequencerTest, HeadNoticesAskForReadsAndNothingComesTwice) {
  EventSequencer s(2, {});
  EXPECT_TRUE(s.NeedsCatchUp());
  s.OnHead(5);  // arrives while the first read is under way
  s.OnCatchUp(List({Ev(3), Ev(4), Ev(5)}, 5));
  EXPECT_FALSE(s.NeedsCatchUp());
  EXPECT_EQ(PopAll(s), (std::vector<uint64_t>{3, 4, 5}));
  s.OnHead(5);  // a repeat, or a heartbeat with nothing new
  s.OnHead(3);  // an old notice
  EXPECT_FALSE(s.NeedsCatchUp());
  s.OnHead(7);
  EXPECT_TRUE(s.NeedsCatchUp());
  s.OnCatchUp(List({Ev(5), Ev(6), Ev(7)}, 7));  // overlapping with what was seen
  EXPECT_EQ(PopAll(s), (std::vector<uint64_t>{6, 7}));
  EXPECT_EQ(s.covered(), 7u);
}

TEST(EventSequencerTest, ALostNoticeIsRepairedByTheNextOne) {
  EventSequencer s(0, {});
  s.OnCatchUp(List({}, 0));
  // Notices for 1 and 2 were lost; the heartbeat's notice says 2.
  s.OnHead(2);
  EXPECT_TRUE(s.NeedsCatchUp());
  s.OnCatchUp(List({Ev(1), Ev(2)}, 2));
  EXPECT_FALSE(s.NeedsCatchUp());
  EXPECT_EQ(PopAll(s), (std::vector<uint64_t>{1, 2}));
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
  s.OnHead(6);
  EXPECT_TRUE(s.NeedsCatchUp());
  s.OnCatchUp(List({Ev(6, "DINKES")}, 6));  // the broker filtered 5 (PUPR) out
  EXPECT_FALSE(s.NeedsCatchUp());
  EXPECT_EQ(PopAll(s), (std::vector<uint64_t>{2, 6}));
  EXPECT_EQ(s.covered(), 6u);
}

TEST(EventSequencerTest, OpdsMatchInAnyCase) {
  EventSequencer s(0, {"pupr"});
  EXPECT_EQ(s.opds(), (std::vector<std::string>{"PUPR"}));  // what read_events is asked for
  s.OnCatchUp(List({Ev(1, "PUPR"), Ev(2, "DLH")}, 2));
  EXPECT_EQ(PopAll(s), (std::vector<uint64_t>{1}));
}

TEST(EventSequencerTest, ANoticeBehindWhatWasSeenMeansAReplacedStore) {
  EventSequencer s(0, {});
  s.OnCatchUp(List({Ev(1), Ev(2), Ev(3)}, 3));
  EXPECT_FALSE(s.store_behind());
  s.OnHead(3);
  EXPECT_FALSE(s.store_behind());
  s.OnHead(1);  // a restored older backup answers
  EXPECT_TRUE(s.store_behind());
  EXPECT_FALSE(s.NeedsCatchUp());
}

TEST(EventSequencerTest, EventsOfOtherOpdsInAnUnfilteredReadAreSkipped) {
  EventSequencer s(0, {"DINKES"});
  s.OnCatchUp(List({Ev(1, "PUPR"), Ev(2, "DINKES"), Ev(3, "PUPR")}, 3));
  EXPECT_EQ(PopAll(s), (std::vector<uint64_t>{2}));
  EXPECT_EQ(s.covered(), 3u);
}

TEST(EventSequencerTest, StartBeyondTheStore) {
  EventSequencer s(10, {});
  s.OnCatchUp(List({}, 4));
  EXPECT_FALSE(s.NeedsCatchUp());
  EXPECT_EQ(s.covered(), 10u);
  EXPECT_TRUE(s.store_behind());
  s.OnHead(4);  // the replaced store's head: nothing new for this subscriber
  EXPECT_FALSE(s.NeedsCatchUp());
  s.OnHead(11);
  s.OnCatchUp(List({Ev(11)}, 11));
  EXPECT_EQ(PopAll(s), (std::vector<uint64_t>{11}));
}

}  // namespace
}  // namespace aspirasi

#include "broker/privacy/personal_data.h"

#include <gtest/gtest.h>

namespace aspirasi::privacy {
namespace {

v1::Ticket Sample() {
  v1::Ticket t;
  t.set_id(7);
  t.set_number("NH-2026-000007");
  t.set_tenant("nusa-harapan");
  t.set_opd("PUPR");
  t.set_channel("whatsapp");
  t.set_account("412093385561207");
  t.set_source_id("wamid.HBgNNjI4MTIzNDU2Nzg5MA");
  t.set_source_key("whatsapp:msg:wamid.HBgNNjI4MTIzNDU2Nzg5MA");
  t.set_thread_id("6281234567890");
  t.set_parent_id("wamid.parent");
  t.set_conversation_key("whatsapp:412093385561207:6281234567890");
  t.mutable_author()->set_platform_id("6281234567890");
  t.mutable_author()->set_display_name("Siti Aminah");
  t.set_category("jalan");
  t.set_status(v1::RESOLVED);
  t.set_resolution("Sudah diperbaiki");
  t.set_received_at_ms(1000);
  t.mutable_sla()->set_first_responded_at_ms(2000);
  auto* in = t.add_messages();
  in->set_seq(1);
  in->set_direction(v1::INBOUND);
  in->set_text("Jalan di depan rumah saya, Jl. Melati 5, berlubang");
  in->mutable_author()->set_display_name("Siti Aminah");
  in->mutable_author()->set_platform_id("6281234567890");
  in->set_source_id("wamid.HBgNNjI4MTIzNDU2Nzg5MA");
  in->set_submit_key("whatsapp:msg:wamid.HBgNNjI4MTIzNDU2Nzg5MA");
  in->add_revisions()->set_text("Jalan berlubang");
  auto* a = in->add_attachments();
  a->set_type(v1::IMAGE);
  a->set_media_id("1234567890");
  a->set_caption("foto lubang");
  auto* out = t.add_messages();
  out->set_seq(2);
  out->set_direction(v1::OUTBOUND);
  out->set_text("Terima kasih, Ibu Siti Aminah.");
  out->mutable_author()->set_platform_id("budi.pupr");
  out->set_reply_id(3);
  out->set_reply_state(v1::REPLY_SENT);
  out->set_platform_message_id("wamid.reply");
  return t;
}

TEST(PersonalData, StripTicketRemovesThePersonAndKeepsWhatReportsNeed) {
  v1::Ticket t = Sample();
  StripTicket(&t, 5000);
  std::string bytes = t.SerializeAsString();
  for (const char* gone : {"6281234567890", "Siti", "Melati", "berlubang", "wamid", "1234567890", "foto"})
    EXPECT_EQ(bytes.find(gone), std::string::npos) << gone;
  EXPECT_EQ(t.personal_data_erased_at_ms(), 5000);
  EXPECT_EQ(t.number(), "NH-2026-000007");
  EXPECT_EQ(t.opd(), "PUPR");
  EXPECT_EQ(t.channel(), "whatsapp");
  EXPECT_EQ(t.account(), "412093385561207");  // the regency's own account
  EXPECT_EQ(t.category(), "jalan");
  EXPECT_EQ(t.status(), v1::RESOLVED);
  EXPECT_EQ(t.resolution(), "Sudah diperbaiki");  // an official's words, part of the record
  EXPECT_EQ(t.received_at_ms(), 1000);
  EXPECT_EQ(t.sla().first_responded_at_ms(), 2000);
  ASSERT_EQ(t.messages_size(), 2);
  EXPECT_EQ(t.messages(0).direction(), v1::INBOUND);
  EXPECT_FALSE(t.messages(0).has_author());
  EXPECT_EQ(t.messages(1).author().platform_id(), "budi.pupr");  // who answered stays
  EXPECT_EQ(t.messages(1).reply_state(), v1::REPLY_SENT);
}

TEST(PersonalData, AThreadOfAPublicPostStays) {
  v1::Ticket t = Sample();
  t.set_public_item(true);
  t.set_thread_id("104582736190254_998877");
  t.mutable_delivery()->set_last_error("worker could not reach +62 812 3456 7890");
  StripTicket(&t, 1);
  EXPECT_EQ(t.thread_id(), "104582736190254_998877");  // the regency's own post
  EXPECT_EQ(t.delivery().last_error(), "");
  v1::Ticket own = Sample();  // a citizen's own tweet: the thread is the item itself
  own.set_public_item(true);
  own.set_source_id("1790000000000000001");
  own.set_thread_id("1790000000000000001");
  StripTicket(&own, 1);
  EXPECT_EQ(own.thread_id(), "");
}

TEST(PersonalData, StripReplyKeepsOnlyTheTicketsNames) {
  v1::OutboundReply r;
  r.set_reply_id(3);
  r.set_text("Terima kasih, Ibu Siti Aminah.");
  r.set_admin("budi.pupr");
  *r.mutable_ticket() = Sample();
  r.mutable_template_()->set_name("ack");
  r.mutable_template_()->add_parameters("Siti Aminah");
  StripReply(&r);
  std::string bytes = r.SerializeAsString();
  EXPECT_EQ(bytes.find("Siti"), std::string::npos);
  EXPECT_EQ(bytes.find("6281234567890"), std::string::npos);
  EXPECT_EQ(r.ticket().number(), "NH-2026-000007");
  EXPECT_EQ(r.admin(), "budi.pupr");
  EXPECT_EQ(r.template_().name(), "ack");
}

TEST(PersonalData, CitizenKeys) {
  v1::Ticket t = Sample();
  EXPECT_EQ(CitizenKeyOf(t), "whatsapp:6281234567890");
  t.clear_author();
  EXPECT_EQ(CitizenKeyOf(t), "whatsapp:6281234567890");  // from the first inbound message
  t.mutable_messages(0)->clear_author();
  EXPECT_EQ(CitizenKeyOf(t), "");
  EXPECT_EQ(CitizenKey("facebook", ""), "");
  EXPECT_EQ(CitizenKey("", "123"), "");
}

TEST(PersonalData, WhatsappNumbersAsPeopleWriteThem) {
  for (const char* typed : {"0812-3456-7890", "+62 812 3456 7890", "6281234567890", " (0812) 3456.7890 ",
                            "62 812-3456-7890", "0062 812 3456 7890", "(+62) 812-3456-7890"}) {
    auto n = NormalizeUserId("whatsapp", typed);
    ASSERT_TRUE(n.ok()) << typed << ": " << n.status().ToString();
    EXPECT_EQ(*n, "6281234567890") << typed;
  }
  for (const char* bad : {"budi", "0812x3456", "12+34567890", "0812", "+", "1234567890123456"}) {
    auto n = NormalizeUserId("whatsapp", bad);
    EXPECT_FALSE(n.ok()) << bad;
    EXPECT_EQ(n.status().field(), "user") << bad;
  }
}

TEST(PersonalData, OtherPlatformsKeepTheIdAsGiven) {
  auto n = NormalizeUserId("youtube", "  UCxYz-AbC  ");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, "UCxYz-AbC");  // case matters on YouTube
  EXPECT_EQ(NormalizeUserId("facebook", "").status().code(), v1::INVALID_ARGUMENT);
  EXPECT_EQ(NormalizeUserId("facebook", "   ").status().code(), v1::INVALID_ARGUMENT);
  EXPECT_EQ(NormalizeUserId("facebook", std::string(257, '1')).status().code(), v1::TOO_LARGE);
  EXPECT_EQ(NormalizeUserId("facebook", "12\n34").status().code(), v1::INVALID_ARGUMENT);
  EXPECT_EQ(NormalizeUserId("x", "@budi_nh").status().field(), "user");  // a handle, not the id
}

TEST(PersonalData, WhatIsStillBeingHandled) {
  EXPECT_TRUE(StillHandled(v1::NEW));
  EXPECT_TRUE(StillHandled(v1::OPEN));
  EXPECT_TRUE(StillHandled(v1::IN_PROGRESS));
  EXPECT_TRUE(StillHandled(v1::WAITING_CITIZEN));
  EXPECT_FALSE(StillHandled(v1::RESPONDED));
  EXPECT_FALSE(StillHandled(v1::RESOLVED));
  EXPECT_FALSE(StillHandled(v1::WITHDRAWN));
  v1::Ticket t = Sample();
  EXPECT_FALSE(ReplyInFlight(t));
  t.mutable_messages(1)->set_reply_state(v1::REPLY_SENDING);
  EXPECT_TRUE(ReplyInFlight(t));
  t.mutable_messages(1)->set_reply_state(v1::REPLY_PENDING);
  EXPECT_TRUE(ReplyInFlight(t));
}

}  // namespace
}  // namespace aspirasi::privacy

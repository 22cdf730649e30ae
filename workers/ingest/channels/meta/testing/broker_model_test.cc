#include "workers/ingest/channels/meta/testing/broker_model.h"

#include <gtest/gtest.h>

namespace aspirasi::ingest::meta::testing {
namespace {

v1::Submit Make(v1::SubmitAction action, std::string key, std::string target = "",
                std::string conversation = "") {
  v1::Submit s;
  s.set_action(action);
  s.set_idempotency_key(std::move(key));
  s.set_target_key(std::move(target));
  s.mutable_draft()->set_conversation_key(std::move(conversation));
  return s;
}

TEST(BrokerModel, FollowsTheBrokersSubmitSemantics) {
  BrokerModel m;
  EXPECT_EQ(m.Apply(Make(v1::CREATE, "a", "", "c1")), v1::OUTCOME_CREATED);
  EXPECT_EQ(m.Apply(Make(v1::CREATE, "b", "", "c1")), v1::OUTCOME_APPENDED);
  EXPECT_EQ(m.Apply(Make(v1::CREATE, "b", "", "c1")), v1::OUTCOME_DUPLICATE);
  EXPECT_EQ(m.Apply(Make(v1::UPDATE, "b:edit:1", "b")), v1::OUTCOME_UPDATED);
  EXPECT_EQ(m.Apply(Make(v1::UPDATE, "x:edit:1", "x")), v1::OUTCOME_CREATED);  // upsert
  EXPECT_EQ(m.Apply(Make(v1::WITHDRAW, "y:remove", "y")), v1::OUTCOME_TOMBSTONED);
  EXPECT_EQ(m.Apply(Make(v1::CREATE, "y")), v1::OUTCOME_TOMBSTONED);
  EXPECT_EQ(m.Apply(Make(v1::WITHDRAW, "a:remove", "a")), v1::OUTCOME_WITHDRAWN);
  EXPECT_EQ(m.Apply(Make(v1::CREATE, "d", "", "c1")), v1::OUTCOME_CREATED);  // the old ticket is closed
}

}  // namespace
}  // namespace aspirasi::ingest::meta::testing

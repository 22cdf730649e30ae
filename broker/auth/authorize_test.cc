#include "broker/auth/authorize.h"

#include <gtest/gtest.h>

namespace aspirasi::auth {
namespace {

const Identity kIngest{"ingest-1", Role::kIngest, {}};
const Identity kResponder{"responder-pupr", Role::kResponder, {"PUPR"}};
const Identity kAdmin{"budi.pupr", Role::kAdmin, {"PUPR"}};
const Identity kSupervisor{"kominfo.supervisor", Role::kSupervisor, {"*"}};
const Identity kConsole{"console", Role::kConsole, {"*"}};

bool Known(const std::string& id) { return id == "budi.pupr" || id == "dewi.dlh"; }

Decision Api(const Identity* who, v1::Envelope::BodyCase body, const std::string& actor = "") {
  return Authorize(who, Endpoint::kApi, body, actor, Known);
}

TEST(Authorize, WithoutKeysEverythingGoesAndTheActorIsAsSent) {
  Decision d = Authorize(nullptr, Endpoint::kApi, v1::Envelope::kDesk, "dewi.dlh", Known);
  EXPECT_TRUE(d.status.ok());
  EXPECT_EQ(d.actor, "dewi.dlh");
  EXPECT_TRUE(AuthorizeHello(nullptr, v1::Hello()).ok());
}

TEST(Authorize, EachRoleOnItsOwnEndpointOnly) {
  EXPECT_TRUE(Authorize(&kIngest, Endpoint::kIngest, v1::Envelope::kSubmit, "", Known).status.ok());
  EXPECT_EQ(Authorize(&kResponder, Endpoint::kIngest, v1::Envelope::kSubmit, "", Known).status.code(),
            v1::PERMISSION_DENIED);
  EXPECT_TRUE(Authorize(&kResponder, Endpoint::kWorker, v1::Envelope::kHello, "", Known).status.ok());
  EXPECT_EQ(Authorize(&kAdmin, Endpoint::kWorker, v1::Envelope::kHello, "", Known).status.code(),
            v1::PERMISSION_DENIED);
  EXPECT_EQ(Api(&kIngest, v1::Envelope::kListTickets).status.code(), v1::PERMISSION_DENIED);
  EXPECT_EQ(Api(&kResponder, v1::Envelope::kDesk).status.code(), v1::PERMISSION_DENIED);
  for (const Identity* who : {&kIngest, &kResponder, &kAdmin, &kSupervisor, &kConsole}) {
    EXPECT_TRUE(Api(who, v1::Envelope::kPing).status.ok()) << who->name;
  }
  Decision denied = Api(&kIngest, v1::Envelope::kDesk);
  EXPECT_NE(denied.status.message().find("'desk'"), std::string::npos) << denied.status.message();
  EXPECT_NE(denied.status.message().find("ingest-1"), std::string::npos);
}

TEST(Authorize, AnAdminKeyActsAsItselfWhateverActorItSends) {
  Decision d = Api(&kAdmin, v1::Envelope::kDesk, "kominfo.supervisor");
  EXPECT_TRUE(d.status.ok());
  EXPECT_EQ(d.actor, "budi.pupr");
  EXPECT_EQ(Api(&kSupervisor, v1::Envelope::kGetReport, "").actor, "kominfo.supervisor");
}

TEST(Authorize, AConsoleActsForTheUserItNamesAndOnlyAKnownOne) {
  Decision d = Api(&kConsole, v1::Envelope::kDesk, "dewi.dlh");
  EXPECT_TRUE(d.status.ok());
  EXPECT_EQ(d.actor, "dewi.dlh");
  EXPECT_EQ(Api(&kConsole, v1::Envelope::kDesk, "").status.code(), v1::PERMISSION_DENIED);
  Decision unknown = Api(&kConsole, v1::Envelope::kListTickets, "mallory");
  EXPECT_EQ(unknown.status.code(), v1::PERMISSION_DENIED);
  EXPECT_NE(unknown.status.message().find("mallory"), std::string::npos);
}

TEST(Authorize, AResponderAsksOnlyForItsOpds) {
  v1::Hello hello;
  hello.add_opds("pupr");
  EXPECT_TRUE(AuthorizeHello(&kResponder, hello).ok());
  hello.add_opds("DLH");
  Status s = AuthorizeHello(&kResponder, hello);
  EXPECT_EQ(s.code(), v1::PERMISSION_DENIED);
  EXPECT_NE(s.message().find("DLH"), std::string::npos);
}

}  // namespace
}  // namespace aspirasi::auth

#include "common/http_bind.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>
#include <vector>

namespace aspirasi {
namespace {

TEST(BindHttp, APortInUseIsAnErrorNotAShare) {
  httplib::Server first, second;
  auto port = BindHttp(first, "127.0.0.1", 0);
  ASSERT_TRUE(port.ok()) << port.status().ToString();
  auto again = BindHttp(second, "127.0.0.1", *port);
  EXPECT_FALSE(again.ok());  // with SO_REUSEPORT both would have bound
  EXPECT_NE(again.status().message().find(std::to_string(*port)), std::string::npos);
}

// A burst of connections is queued by the kernel, not dropped: with cpp-httplib's backlog of 5,
// the seventh connection of a burst waited a second for its SYN to be retried.
TEST(BindHttp, ABurstOfConnectionsIsQueuedBeforeTheServerAccepts) {
  httplib::Server server;
  auto port = BindHttp(server, "127.0.0.1", 0);
  ASSERT_TRUE(port.ok());
  // Nobody accepts yet (listen_after_bind not called): every connect must still complete at once.
  std::vector<int> fds;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 200; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(*port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0) << i;
    fds.push_back(fd);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (int fd : fds) ::close(fd);
  EXPECT_LT(seconds, 0.9);  // one dropped SYN alone costs a second
}

}  // namespace
}  // namespace aspirasi

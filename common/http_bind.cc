#include "common/http_bind.h"

#include <sys/socket.h>

#include <memory>

#include "common/log.h"

namespace aspirasi {

Result<int> BindHttp(httplib::Server& server, const std::string& host, int port, int backlog) {
  // The listening socket is created inside the library; its options hook is the one place that
  // sees it. The last socket it sees is the one that was bound (failed attempts are closed).
  auto fd = std::make_shared<int>(-1);
  server.set_socket_options([fd](socket_t sock) {
    // SO_REUSEADDR only: the library's default adds SO_REUSEPORT, with which a second process
    // could bind the same port without an error and take half of the connections.
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    *fd = sock;
  });
  int bound = port;
  if (port == 0) {
    bound = server.bind_to_any_port(host);
    if (bound <= 0) return Status::Io("cannot bind HTTP on " + host);
  } else if (!server.bind_to_port(host, port)) {
    return Status::Io("cannot bind HTTP on " + host + ":" + std::to_string(port));
  }
  if (*fd >= 0 && ::listen(*fd, backlog) != 0) {
    ModuleLogger("http")->warn(
        "cannot raise the listen backlog of {}:{} to {}; bursts of connections may wait", host, bound,
        backlog);
  }
  return bound;
}

}  // namespace aspirasi

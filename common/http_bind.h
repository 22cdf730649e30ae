// BindHttp: binds a cpp-httplib server with a listen backlog fit for bursts.
//
// Debian's cpp-httplib (0.11.4, a compiled library) listens with a backlog of 5: when more than a
// handful of connections arrive at once (a platform's burst of webhooks, a monitoring sweep, or
// slow clients connecting), the kernel drops the extra SYNs and those clients wait a full second
// for their retry. This binds as cpp-httplib does, then listens again on the same socket with
// `backlog` (Linux applies the new length to a listening socket). The socket gets SO_REUSEADDR but
// not the library's SO_REUSEPORT: a port already in use is an error, not a shared port.
#pragma once

#include <httplib.h>

#include <string>

#include "common/status.h"

namespace aspirasi {

// Binds `server` to host:port (port 0: any free port) before listen_after_bind(). Returns the
// bound port; IO_ERROR when the address cannot be bound.
Result<int> BindHttp(httplib::Server& server, const std::string& host, int port, int backlog = 1024);

}  // namespace aspirasi

#include "broker/auth/zap_handler.h"

#include "common/log.h"
#include "common/zmq_io.h"

namespace aspirasi::auth {
namespace {

std::string Property(std::string_view name, std::string_view value) {
  std::string out;
  out += static_cast<char>(name.size());
  out.append(name);
  uint32_t n = static_cast<uint32_t>(value.size());
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((n >> shift) & 0xFF);
  out.append(value);
  return out;
}

ZapReply Refuse(std::string request_id, const char* code, std::string text) {
  return {std::move(request_id), code, std::move(text), "", ""};
}

}  // namespace

std::string MetadataValue(std::string_view metadata, std::string_view name) {
  std::size_t i = 0;
  while (i < metadata.size()) {
    std::size_t name_len = static_cast<unsigned char>(metadata[i++]);
    if (i + name_len + 4 > metadata.size()) return {};
    std::string_view key = metadata.substr(i, name_len);
    i += name_len;
    uint32_t len = 0;
    for (int k = 0; k < 4; ++k) len = (len << 8) | static_cast<unsigned char>(metadata[i++]);
    if (len > metadata.size() - i) return {};
    if (key == name) return std::string(metadata.substr(i, len));
    i += len;
  }
  return {};
}

ZapReply DecideZap(const std::vector<std::string_view>& frames, const KeyTable& keys,
                   std::string_view domain) {
  std::string request_id = frames.size() > 1 ? std::string(frames[1].substr(0, 256)) : std::string();
  if (frames.size() < 6 || frames[0] != "1.0") return Refuse(request_id, "500", "malformed ZAP request");
  if (frames[2] != domain) return Refuse(request_id, "400", "unknown domain");
  if (frames[5] != "CURVE") return Refuse(request_id, "400", "CURVE only");
  if (frames.size() != 7 || frames[6].size() != 32) return Refuse(request_id, "400", "no CURVE key");
  const Identity* who = keys.FindBinary(frames[6]);
  if (who == nullptr) return Refuse(request_id, "400", "unknown key");
  // X-Key: which of the identity's keys this connection uses, so that revoking one key (a
  // rotation) refuses its connections while the identity's other keys go on working.
  char z85[41] = {};
  zmq_z85_encode(z85, reinterpret_cast<const uint8_t*>(frames[6].data()), 32);
  return {request_id, "200", "OK", who->name,
          Property("X-Role", RoleName(who->role)) + Property("X-Key", z85)};
}

ZapHandler::ZapHandler(zmq::context_t& ctx, std::string domain, KeyTablePtr keys)
    : ctx_(ctx), domain_(std::move(domain)), keys_(std::move(keys)) {}

ZapHandler::~ZapHandler() { Stop(); }

Status ZapHandler::Start() {
  try {
    socket_ = std::make_unique<zmq::socket_t>(ctx_, zmq::socket_type::rep);
    socket_->set(zmq::sockopt::linger, 0);
    socket_->bind(kZapEndpoint);
  } catch (const zmq::error_t& e) {
    socket_.reset();
    return Status::Io(std::string("cannot start the ZAP handler on ") + kZapEndpoint + ": " + e.what());
  }
  thread_ = std::thread([this] { Run(); });
  return Status::Ok();
}

void ZapHandler::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void ZapHandler::Replace(KeyTablePtr keys) {
  std::lock_guard lock(mu_);
  keys_ = std::move(keys);
}

KeyTablePtr ZapHandler::Keys() const {
  std::lock_guard lock(mu_);
  return keys_;
}

void ZapHandler::Run() {
  // The socket is used by this thread only from here on, and closed by it: closing unbinds the
  // endpoint, after which enforcing servers refuse every new client.
  std::unique_ptr<zmq::socket_t> socket = std::move(socket_);
  zmq::pollitem_t item{socket->handle(), 0, ZMQ_POLLIN, 0};
  while (!stop_) {
    try {
      if (zmq::poll(&item, 1, std::chrono::milliseconds(100)) == 0) continue;
    } catch (const zmq::error_t&) {
      break;  // the context is ending
    }
    Received request;
    if (!RecvMultipart(*socket, 16, &request)) continue;
    std::vector<std::string_view> frames;
    for (std::size_t i = 0; i < request.frames.size(); ++i) frames.push_back(request.Frame(i));
    ZapReply reply = DecideZap(frames, *Keys(), domain_);
    (reply.status_code == "200" ? admitted_ : refused_)++;
    if (Counter* c = reply.status_code == "200" ? admitted_metric_ : refused_metric_; c != nullptr) c->Inc();
    if (reply.status_code != "200") {
      // The address and the key are the machine's, not a person's: an operator needs both to
      // find who is knocking. Repeated lines are held back by the log itself.
      char z85[41] = {};
      if (frames.size() == 7 && frames[6].size() == 32) {
        zmq_z85_encode(z85, reinterpret_cast<const uint8_t*>(frames[6].data()), 32);
      }
      ModuleLogger("security")
          ->warn("refused a connection from {}: {} (key {})",
                 frames.size() > 3 ? std::string(frames[3].substr(0, 64)) : "?", reply.status_text,
                 z85[0] != 0 ? z85 : "none");
    }
    try {
      const std::string* parts[] = {nullptr,        &reply.request_id, &reply.status_code, &reply.status_text,
                                    &reply.user_id, &reply.metadata};
      const std::string version = "1.0";
      for (int i = 0; i < 6; ++i) {
        const std::string& p = i == 0 ? version : *parts[i];
        socket->send(zmq::buffer(p), i < 5 ? zmq::send_flags::sndmore : zmq::send_flags::none);
      }
    } catch (const zmq::error_t&) {
      break;
    }
  }
  socket->close();
}

Status SecureServer(zmq::socket_t& socket, const std::string& server_secret_z85, const std::string& domain,
                    int handshake_ms) {
  try {
    socket.set(zmq::sockopt::curve_server, 1);
    socket.set(zmq::sockopt::curve_secretkey, server_secret_z85);
    socket.set(zmq::sockopt::zap_domain, domain);
    int one = 1;
    if (zmq_setsockopt(socket.handle(), kZapEnforceDomain, &one, sizeof one) != 0) {
      return Status::Io(
          "this libzmq does not enforce ZAP domains (ZMQ_ZAP_ENFORCE_DOMAIN); refusing to run "
          "CURVE without it, as clients would be admitted when no handler answers");
    }
    socket.set(zmq::sockopt::handshake_ivl, handshake_ms);
  } catch (const zmq::error_t& e) {
    return Status::Io(std::string("cannot make a CURVE server socket: ") + e.what());
  }
  return Status::Ok();
}

}  // namespace aspirasi::auth

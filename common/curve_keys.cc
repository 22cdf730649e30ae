#include "common/curve_keys.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zmq.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/i18n/catalogue.h"

namespace aspirasi {
namespace {

using i18n::K;
using i18n::T;

constexpr std::string_view kZ85Alphabet =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

bool IsName(std::string_view name) {
  if (name.empty() || name.size() > 64 || name[0] == '.' || name[0] == '-') return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string Certificate(const std::string& name, const CurveKeyPair& pair, bool with_secret) {
  std::ostringstream out;
  out << "#   Aspirasi CURVE key \"" << name << "\" (aspirasi keygen), czmq certificate layout.\n";
  if (with_secret) {
    out << "#   SECRET: whoever reads this file can speak as \"" << name
        << "\". Keep it readable by its owner only (chmod 600).\n";
  } else {
    out << "#   Public: give it to the broker's [[key]] table or to the clients that connect to it.\n";
  }
  out << "metadata\n    name = \"" << name << "\"\ncurve\n    public-key = \"" << pair.public_key << "\"\n";
  if (with_secret) out << "    secret-key = \"" << pair.secret_key << "\"\n";
  return out.str();
}

// Writes a new file with `mode`; fails if it exists.
Status WriteNew(const std::string& path, const std::string& text, mode_t mode) {
  FILE* f = nullptr;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST) return Status::Error(v1::IO_ERROR, T(K("keys.exists"), {{"path", path}}));
    return Status::Error(v1::IO_ERROR,
                         T(K("keys.cannot_write"), {{"path", path}, {"why", std::strerror(errno)}}));
  }
  (void)::fchmod(fd, mode);  // whatever the umask said
  f = ::fdopen(fd, "w");
  if (f == nullptr) {
    ::close(fd);
    return Status::Error(v1::IO_ERROR,
                         T(K("keys.cannot_write"), {{"path", path}, {"why", std::strerror(errno)}}));
  }
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = (std::fflush(f) == 0) && ok;
  ok = (::fsync(::fileno(f)) == 0) && ok;
  ok = (std::fclose(f) == 0) && ok;
  if (!ok)
    return Status::Error(v1::IO_ERROR,
                         T(K("keys.cannot_write"), {{"path", path}, {"why", std::strerror(errno)}}));
  return Status::Ok();
}

// The value of `key = "..."` in a certificate, or "" when absent.
std::string Field(const std::string& text, std::string_view key) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    auto start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    if (line.compare(start, key.size(), key) != 0) continue;
    auto open = line.find('"', start + key.size());
    auto close = open == std::string::npos ? open : line.find('"', open + 1);
    if (close == std::string::npos) return {};
    return line.substr(open + 1, close - open - 1);
  }
  return {};
}

Result<std::string> ReadSmall(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Status::Error(v1::IO_ERROR,
                         T(K("keys.cannot_read"), {{"path", path}, {"why", std::strerror(errno)}}));
  // At most 4 KiB plus one byte: a key file is a few hundred bytes; anything larger is not one.
  std::string text(4097, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > 4096) return Status::Error(v1::IO_ERROR, T(K("keys.not_a_key_file"), {{"path", path}}));
  return text;
}

}  // namespace

bool IsZ85Key(std::string_view key) {
  return key.size() == 40 && std::all_of(key.begin(), key.end(), [](char c) {
           return kZ85Alphabet.find(c) != std::string_view::npos;
         });
}

Result<CurveKeyPair> GenerateCurveKeyPair() {
  char pub[41] = {}, sec[41] = {};
  if (zmq_curve_keypair(pub, sec) != 0) {
    return Status::Error(v1::IO_ERROR, T(K("keys.no_curve"), {{"why", zmq_strerror(zmq_errno())}}));
  }
  return CurveKeyPair{pub, sec};
}

Status WriteCurveKeyPair(const std::string& dir, const std::string& name, const CurveKeyPair& pair) {
  if (!IsName(name)) {
    return Status::InvalidArgument("name", T(K("keys.bad_name"), {{"name", name}}));
  }
  if (!IsZ85Key(pair.public_key) || !IsZ85Key(pair.secret_key))
    return Status::Internal("not a CURVE key pair");
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) {
    std::filesystem::create_directories(dir, ec);
    if (ec)
      return Status::Error(v1::IO_ERROR, T(K("keys.cannot_write"), {{"path", dir}, {"why", ec.message()}}));
    ::chmod(dir.c_str(), 0700);
  }
  const std::string base = (std::filesystem::path(dir) / name).string();
  if (std::filesystem::exists(base + ".key", ec) || std::filesystem::exists(base + ".key_secret", ec)) {
    return Status::Error(v1::IO_ERROR, T(K("keys.exists"), {{"path", base + ".key"}}));
  }
  if (Status s = WriteNew(base + ".key_secret", Certificate(name, pair, true), 0600); !s.ok()) return s;
  return WriteNew(base + ".key", Certificate(name, {pair.public_key, ""}, false), 0644);
}

Result<std::string> ReadCurvePublicKey(const std::string& path) {
  auto text = ReadSmall(path);
  if (!text.ok()) return text.status();
  std::string key = Field(*text, "public-key");
  if (!IsZ85Key(key)) return Status::Error(v1::IO_ERROR, T(K("keys.not_a_key_file"), {{"path", path}}));
  return key;
}

Result<CurveKeyPair> ReadCurveSecretKey(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Status::Error(v1::IO_ERROR,
                         T(K("keys.cannot_read"), {{"path", path}, {"why", std::strerror(errno)}}));
  }
  auto text = ReadSmall(path);
  if (!text.ok()) return text.status();
  if (Field(*text, "secret-key").empty() && IsZ85Key(Field(*text, "public-key"))) {
    // NAME.key instead of NAME.key_secret: say so before any advice about its mode.
    return Status::Error(v1::IO_ERROR, T(K("keys.public_not_secret"), {{"path", path}}));
  }
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%03o", static_cast<unsigned>(st.st_mode & 0777));
    return Status::Error(v1::IO_ERROR, T(K("keys.secret_readable"), {{"path", path}, {"mode", mode}}));
  }
  CurveKeyPair pair{Field(*text, "public-key"), Field(*text, "secret-key")};
  char derived[41] = {};
  if (!IsZ85Key(pair.secret_key) || zmq_curve_public(derived, pair.secret_key.c_str()) != 0) {
    return Status::Error(v1::IO_ERROR, T(K("keys.not_a_secret_file"), {{"path", path}}));
  }
  if (!pair.public_key.empty() && pair.public_key != derived) {
    return Status::Error(v1::IO_ERROR, T(K("keys.pair_mismatch"), {{"path", path}}));
  }
  pair.public_key = derived;
  return pair;
}

}  // namespace aspirasi

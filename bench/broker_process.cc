#include "bench/broker_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace aspirasi::bench {
namespace {

namespace fs = std::filesystem;

// The sample regency (deploy/nusa-harapan.toml) with everything bound to free local ports.
constexpr const char* kConfigHead = R"([tenant]
id = "nusa-harapan"
name = "Kabupaten Nusa Harapan"
ticket_prefix = "NH"
timezone = "Asia/Jakarta"
triage_opd = "DISKOMINFO"

[broker]
database = "bench.db"
ingest_endpoint = "tcp://127.0.0.1:*"
worker_endpoint = "tcp://127.0.0.1:*"
api_endpoint = "tcp://127.0.0.1:*"
events_endpoint = "tcp://127.0.0.1:*"
http_listen = "127.0.0.1:0"
)";

constexpr const char* kConfigTail = R"(
[logging]
level = "warn"

[[opd]]
code = "DISKOMINFO"
name = "Dinas Komunikasi dan Informatika"
[[opd]]
code = "PUPR"
name = "Dinas Pekerjaan Umum dan Penataan Ruang"
[[opd]]
code = "DINKES"
name = "Dinas Kesehatan"
[[opd]]
code = "DISDUKCAPIL"
name = "Dinas Kependudukan dan Pencatatan Sipil"
[[opd]]
code = "DLH"
name = "Dinas Lingkungan Hidup"
[[opd]]
code = "DISHUB"
name = "Dinas Perhubungan"
[[opd]]
code = "DINSOS"
name = "Dinas Sosial"
[[opd]]
code = "BPBD"
name = "Badan Penanggulangan Bencana Daerah"
[[opd]]
code = "INSPEKTORAT"
name = "Inspektorat Daerah"

[[account]]
channel = "facebook"
id = "104582736190254"
[[account]]
channel = "instagram"
id = "17841458230017425"
[[account]]
channel = "whatsapp"
id = "412093385561207"
[[account]]
channel = "telegram"
id = "7712340098"
[[account]]
channel = "x"
id = "1587203349912207361"
[[account]]
channel = "youtube"
id = "UCn7Hb3qRkT0sZp2LmXa9vEw"

[[rule]]
name = "bencana"
opd = "BPBD"
keywords = ["banjir", "longsor", "tanah longsor", "gempa", "kebakaran", "pohon tumbang", "angin puting beliung"]
categories = ["bencana"]
[[rule]]
name = "penipuan-pejabat"
opd = "INSPEKTORAT"
keywords = ["penipuan", "pungli", "pungutan liar", "mengatasnamakan", "catut nama", "gratifikasi"]
categories = ["pengawasan"]
[[rule]]
name = "jalan-dan-drainase"
opd = "PUPR"
keywords = ["jalan rusak", "jalan berlubang", "lubang", "aspal", "jembatan", "drainase", "gorong-gorong", "saluran air"]
categories = ["infrastruktur"]
[[rule]]
name = "penerangan-dan-lalu-lintas"
opd = "DISHUB"
keywords = ["lampu pju", "lampu jalan", "penerangan jalan", "lampu merah", "macet", "kemacetan", "parkir liar", "angkot"]
categories = ["perhubungan"]
[[rule]]
name = "kesehatan"
opd = "DINKES"
keywords = ["puskesmas", "rumah sakit", "bpjs", "posyandu", "vaksin", "imunisasi", "dokter", "bidan", "stunting", "demam berdarah"]
categories = ["kesehatan"]
[[rule]]
name = "kependudukan"
opd = "DISDUKCAPIL"
keywords = ["ktp", "ktp-el", "e-ktp", "kartu keluarga", "akta kelahiran", "akta kematian", "kia", "domisili", "dukcapil"]
categories = ["kependudukan"]
[[rule]]
name = "lingkungan"
opd = "DLH"
keywords = ["sampah", "tps", "bau busuk", "limbah", "pencemaran", "polusi", "bank sampah"]
categories = ["lingkungan"]
[[rule]]
name = "sosial"
opd = "DINSOS"
keywords = ["bansos", "bantuan sosial", "pkh", "bpnt", "dtks", "lansia terlantar", "odgj"]
categories = ["sosial"]
)";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::string DefaultBrokerBinary() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "aspirasid";
  // bench/<tool> and bench/sla/<tool> of a build tree: the nearest <ancestor>/broker/aspirasid.
  for (fs::path dir = self.parent_path(); dir.has_relative_path(); dir = dir.parent_path()) {
    fs::path candidate = dir / "broker" / "aspirasid";
    if (fs::exists(candidate, ec)) return candidate.string();
  }
  return (self.parent_path().parent_path() / "broker" / "aspirasid").string();
}

BrokerProcess::~BrokerProcess() {
  if (pid_ > 0) Stop(5000);
  if (!dir_.empty() && !keep_dir_) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
}

Status BrokerProcess::Start(const std::string& binary, const std::vector<std::string>& broker_settings,
                            int ready_timeout_ms, const std::string& extra_sections) {
  if (::access(binary.c_str(), X_OK) != 0) {
    return Status::Io("broker binary " + binary + " is not executable (build it, or give --broker-bin)");
  }
  binary_ = binary;
  std::string tmpl = (fs::temp_directory_path() / "aspirasi-bench-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) return Status::Io("cannot create a temporary directory");
  dir_ = tmpl;
  std::string config = dir_ + "/bench.toml";
  {
    std::ofstream out(config);
    out << kConfigHead;
    for (const auto& line : broker_settings) out << line << "\n";
    out << kConfigTail << extra_sections;
    if (!out) return Status::Io("cannot write " + config);
  }
  return Launch(ready_timeout_ms);
}

Status BrokerProcess::Restart(int ready_timeout_ms) {
  if (pid_ > 0) return Status::Internal("the broker is still running; Stop() it first");
  if (dir_.empty() || binary_.empty()) return Status::Internal("Restart() before Start()");
  return Launch(ready_timeout_ms);
}

Status BrokerProcess::Launch(int ready_timeout_ms) {
  std::string config = dir_ + "/bench.toml", ready = dir_ + "/ready", log = dir_ + "/aspirasid.log";
  std::error_code ec;
  fs::remove(ready, ec);
  endpoints_ = {};
  pid_t pid = ::fork();
  if (pid < 0) return Status::Io("fork failed");
  if (pid == 0) {
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::close(fd);
    }
    ::execl(binary_.c_str(), binary_.c_str(), "--config", config.c_str(), "--ready-file", ready.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  pid_ = pid;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ready_timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!Running()) return Status::Unavailable("the broker exited at start: " + LogTail());
    if (fs::exists(ready)) {
      std::istringstream in(ReadFile(ready));  // written atomically (rename) by aspirasid
      for (std::string line; std::getline(in, line);) {
        auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        std::string key = line.substr(0, eq), value = line.substr(eq + 1);
        if (key == "ingest") endpoints_.ingest = value;
        if (key == "worker") endpoints_.worker = value;
        if (key == "api") endpoints_.api = value;
        if (key == "events") endpoints_.events = value;
        if (key == "http") endpoints_.http = value;
      }
      if (!endpoints_.ingest.empty() && !endpoints_.worker.empty()) return Status::Ok();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return Status::Timeout("the broker did not become ready within " + std::to_string(ready_timeout_ms) +
                         " ms: " + LogTail());
}

bool BrokerProcess::Running() {
  if (pid_ <= 0) return false;
  int status = 0;
  pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

namespace {

// A "Vm...:" line of /proc/<pid>/status in MiB (0 when unknown).
double StatusMb(pid_t pid, const std::string& field) {
  if (pid <= 0) return 0;
  std::istringstream in(ReadFile("/proc/" + std::to_string(pid) + "/status"));
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(field, 0) == 0) return std::strtod(line.c_str() + field.size(), nullptr) / 1024.0;  // kB
  }
  return 0;
}

}  // namespace

double BrokerProcess::PeakRssMb() const { return StatusMb(pid_, "VmHWM:"); }

double BrokerProcess::RssMb() const { return StatusMb(pid_, "VmRSS:"); }

int BrokerProcess::Stop(int timeout_ms) {
  if (pid_ <= 0) return 0;
  ::kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  int status = 0;
  while (true) {
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) break;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

std::string BrokerProcess::LogTail(std::size_t bytes) const {
  std::string log = ReadFile(dir_ + "/aspirasid.log");
  if (log.size() > bytes) log = "..." + log.substr(log.size() - bytes);
  return log.empty() ? "(no broker output)" : log;
}

}  // namespace aspirasi::bench

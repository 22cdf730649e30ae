#include "bench/drafts.h"

#include <array>
#include <random>

namespace aspirasi::bench {
namespace {

struct Account {
  const char* channel;
  const char* id;
};
constexpr std::array<Account, 6> kAccounts = {{{"facebook", "104582736190254"},
                                               {"instagram", "17841458230017425"},
                                               {"whatsapp", "412093385561207"},
                                               {"telegram", "7712340098"},
                                               {"x", "1587203349912207361"},
                                               {"youtube", "UCn7Hb3qRkT0sZp2LmXa9vEw"}}};

constexpr std::array<const char*, 15> kFirst = {"Budi", "Siti",   "Agus", "Dewi",      "Rina",
                                                "Joko", "Wati",   "Andi", "Nurhaliza", "Eko",
                                                "Sri",  "Hendra", "Yuli", "Bambang",   "Putri"};
constexpr std::array<const char*, 10> kLast = {"Santoso", "Lestari", "Wijaya",   "Rahayu",  "Saputra",
                                               "Hidayat", "Siregar", "Nasution", "Pratama", "Kusuma"};
constexpr std::array<const char*, 8> kDesa = {"Sukamaju",    "Mekarsari", "Sumberrejo", "Tanjung Harapan",
                                              "Karanganyar", "Sidomulyo", "Bojongsari", "Pasir Putih"};
constexpr std::array<const char*, 5> kKecamatan = {"Nusa Barat", "Nusa Timur", "Harapan Jaya", "Teluk Indah",
                                                   "Sungai Lebar"};
constexpr std::array<const char*, 6> kJalan = {"Jl. Merdeka",  "Jl. Diponegoro", "Jl. Ahmad Yani",
                                               "Jl. Sudirman", "Jl. Pahlawan",   "Jl. Pasar Baru"};
constexpr std::array<const char*, 4> kGreeting = {
    "Selamat pagi Bapak/Ibu admin, mohon izin melapor. ",
    "Assalamualaikum, saya warga yang ingin menyampaikan keluhan. ",
    "Permisi min, mau lapor kondisi di lingkungan kami. ",
    "Yth. Pemerintah Kabupaten Nusa Harapan, dengan hormat saya sampaikan aduan berikut. "};
constexpr std::array<const char*, 4> kClosing = {
    " Mohon segera ditindaklanjuti, terima kasih atas perhatiannya.",
    " Kami sangat berharap ada petugas yang datang meninjau langsung. Terima kasih.",
    " Foto kondisi terbaru sudah saya kirim di pesan sebelumnya. Mohon bantuannya.",
    " Semoga laporan ini bisa segera direspons oleh dinas terkait. Matur nuwun."};

std::string Pick(std::mt19937_64& rng, const auto& list) { return list[rng() % list.size()]; }

std::string Complaint(std::mt19937_64& rng, int kind) {
  std::string desa = Pick(rng, kDesa), kec = Pick(rng, kKecamatan), jalan = Pick(rng, kJalan);
  std::string n = std::to_string(2 + rng() % 20);
  switch (kind) {
    case 0:
      return "Jalan rusak di " + jalan + " dekat balai Desa " + desa + ", Kecamatan " + kec +
             ", lubangnya makin besar dan dalam. Sudah " + n +
             " pengendara motor jatuh bulan ini, apalagi kalau malam hari karena gelap dan tergenang air "
             "hujan.";
    case 1:
      return "Sampah di TPS dekat pasar Desa " + desa + " sudah " + n +
             " hari tidak diangkut. Baunya menyengat sampai ke rumah warga, banyak lalat dan anak-anak mulai "
             "sakit perut. Truk pengangkut biasanya datang dua kali seminggu tapi sekarang tidak ada kabar.";
    case 2:
      return "Antrean di puskesmas Kecamatan " + kec +
             " sangat panjang, saya datang jam 7 pagi baru dilayani jam " + n +
             " siang. Petugas pendaftaran hanya satu orang dan nomor antrean sering habis sebelum jam 9.";
    case 3:
      return "KTP-el saya sudah " + n + " bulan belum jadi padahal sudah rekam data di kantor Kecamatan " +
             kec +
             ". Setiap ditanya jawabannya blangko habis, padahal KTP dibutuhkan untuk daftar kerja dan BPJS.";
    case 4:
      return "Banjir setinggi " + n + "0 cm merendam rumah warga di RT 03/RW 05 Desa " + desa +
             " sejak semalam. Ada lansia dan balita yang belum bisa dievakuasi, mohon bantuan perahu karet, "
             "makanan siap saji dan air bersih.";
    case 5:
      return "Ada orang yang mengatasnamakan pejabat dinas meminta uang Rp" + n +
             "00.000 untuk mempercepat izin usaha warung kami di Desa " + desa +
             ". Apakah ini resmi? Kami khawatir ini penipuan karena tidak ada kuitansi.";
    case 6:
      return "Lampu merah di simpang " + jalan + " Kecamatan " + kec + " mati sejak " + n +
             " hari. Setiap pagi macet panjang dan kemarin hampir terjadi tabrakan antara angkot dan motor.";
    case 7:
      return "Bantuan sosial PKH untuk ibu saya di Desa " + desa + " belum cair sejak " + n +
             " bulan, padahal namanya masih ada di DTKS. Pendamping desa tidak bisa dihubungi.";
    default:
      return "Mohon informasi jadwal pelayanan kantor Desa " + desa +
             " selama bulan puasa, dan apakah "
             "pengurusan surat keterangan usaha bisa dilakukan secara daring. Kami sudah " +
             n + " kali datang tapi kantor tutup.";
  }
}

}  // namespace

const std::vector<std::string>& SampleOpds() {
  static const std::vector<std::string> kOpds = {"DISKOMINFO", "PUPR",   "DINKES", "DISDUKCAPIL", "DLH",
                                                 "DISHUB",     "DINSOS", "BPBD",   "INSPEKTORAT"};
  return kOpds;
}

v1::Submit MakeBenchSubmit(uint64_t seed, uint64_t index, const std::string& key_prefix, int64_t now_ms) {
  std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ULL + index);
  const Account& account = kAccounts[index % kAccounts.size()];
  v1::Submit s;
  s.set_idempotency_key(key_prefix + std::to_string(index));
  s.set_action(v1::CREATE);
  v1::TicketDraft* d = s.mutable_draft();
  d->set_channel(account.channel);
  d->set_account(account.id);
  d->set_source_id(std::to_string(1000000000000ULL + seed % 1000000 * 1000000 + index));
  d->set_thread_id("post-" + std::to_string(rng() % 5000));
  auto* author = d->mutable_author();
  author->set_platform_id(std::to_string(6280000000000ULL + rng() % 100000000));
  author->set_display_name(Pick(rng, kFirst) + " " + Pick(rng, kLast));
  int kind = static_cast<int>(rng() % 9);
  std::string where = " Lokasi: RT 0" + std::to_string(1 + rng() % 9) + "/RW 0" +
                      std::to_string(1 + rng() % 9) + ", Desa " + Pick(rng, kDesa) + ", Kecamatan " +
                      Pick(rng, kKecamatan) + ".";
  d->set_text(Pick(rng, kGreeting) + Complaint(rng, kind) + where + Pick(rng, kClosing));
  d->set_written_at_ms(now_ms - static_cast<int64_t>(rng() % 3600000));
  d->set_urgency(kind == 4 ? v1::SANGAT_SEGERA : (rng() % 5 == 0 ? v1::SEGERA : v1::BIASA));
  d->set_kind(kind == 8 ? v1::PERMINTAAN_INFORMASI : v1::PENGADUAN);
  d->set_public_item(index % 3 != 0);
  return s;
}

}  // namespace aspirasi::bench

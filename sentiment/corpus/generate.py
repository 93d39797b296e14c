# ruff: noqa: E501  (template text reads better unwrapped)
"""Deterministic generator of Pantau's own Indonesian sentiment corpus (`pantau-id.csv`).

The corpus follows the house labelling guide (docs/labelling-guide.md): the label is the
tone TOWARD THE MONITORED INSTITUTION, not the mood of the event. It mixes three styles
(formal news sentences, news leads with a dateline, informal social-media posts with
slang) about ministries, courts, police, regional governments and public services, and
it deliberately contains contrast pairs: a disaster reported factually (netral), the
institution's fast help (positif), the institution blamed for a slow response (negatif);
and stories about other parties that mention the institution only in passing (netral).

Run `python -m sentiment.corpus.generate` to rewrite the CSV; the same seed always gives
the same file.
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SEED = 20240417
PER_LABEL = {"news": 900, "lead": 550, "social": 750}
OUT = Path(__file__).with_name("pantau-id.csv")


@dataclass(frozen=True)
class Institution:
    name: str
    short: str
    kind: str  # kementerian, pengadilan, polisi, pemda, layanan, lembaga
    head: str
    services: tuple[str, ...]
    docs: tuple[str, ...]


_I = Institution
INSTITUTIONS = [
    _I("Kementerian Sosial", "Kemensos", "kementerian", "Menteri Sosial",
      ("penyaluran bantuan sosial", "Program Keluarga Harapan", "layanan rehabilitasi sosial"),
      ("kartu bansos", "data DTKS")),
    _I("Kementerian Kesehatan", "Kemenkes", "kementerian", "Menteri Kesehatan",
      ("layanan imunisasi", "program penurunan stunting", "layanan kesehatan ibu dan anak"),
      ("sertifikat vaksin", "surat izin praktik")),
    _I("Kementerian Pendidikan", "Kemendikbud", "kementerian", "Menteri Pendidikan",
      ("penyaluran KIP Kuliah", "seleksi guru PPPK", "program beasiswa"),
      ("ijazah", "kartu KIP")),
    _I("Kementerian Agama", "Kemenag", "kementerian", "Menteri Agama",
      ("penyelenggaraan ibadah haji", "layanan nikah di KUA", "sertifikasi halal"),
      ("buku nikah", "sertifikat halal")),
    _I("Kementerian Keuangan", "Kemenkeu", "kementerian", "Menteri Keuangan",
      ("pencairan dana desa", "layanan perpajakan", "pengelolaan anggaran"),
      ("NPWP", "bukti potong pajak")),
    _I("Kementerian Pekerjaan Umum", "Kementerian PU", "kementerian", "Menteri PU",
      ("pembangunan jalan tol", "perbaikan jembatan", "pembangunan bendungan"),
      ("izin pemanfaatan jalan", "dokumen lelang")),
    _I("Kementerian Perhubungan", "Kemenhub", "kementerian", "Menteri Perhubungan",
      ("angkutan mudik gratis", "layanan uji KIR", "pengaturan arus mudik"),
      ("tiket mudik gratis", "buku KIR")),
    _I("Kementerian Ketenagakerjaan", "Kemnaker", "kementerian", "Menteri Ketenagakerjaan",
      ("pelatihan kerja", "penyaluran bantuan subsidi upah", "pengawasan ketenagakerjaan"),
      ("kartu prakerja", "sertifikat pelatihan")),
    _I("Kementerian Pertanian", "Kementan", "kementerian", "Menteri Pertanian",
      ("penyaluran pupuk bersubsidi", "bantuan alat pertanian", "program cetak sawah"),
      ("kartu tani", "izin edar pupuk")),
    _I("Mahkamah Agung", "MA", "pengadilan", "Ketua Mahkamah Agung",
      ("penanganan perkara kasasi", "layanan e-court", "publikasi putusan"),
      ("salinan putusan", "akta cerai")),
    _I("Pengadilan Negeri Jakarta Selatan", "PN Jaksel", "pengadilan", "Ketua PN Jakarta Selatan",
      ("persidangan perkara pidana", "layanan e-court", "layanan pos bantuan hukum"),
      ("salinan putusan", "surat keterangan tidak pernah dipidana")),
    _I("Pengadilan Agama Surabaya", "PA Surabaya", "pengadilan", "Ketua PA Surabaya",
      ("sidang perceraian", "layanan dispensasi nikah", "mediasi perkara"),
      ("akta cerai", "salinan penetapan")),
    _I("Kejaksaan Agung", "Kejagung", "pengadilan", "Jaksa Agung",
      ("penuntutan perkara korupsi", "pemulihan aset negara", "penyidikan perkara"),
      ("barang bukti", "berkas perkara")),
    _I("Kepolisian Republik Indonesia", "Polri", "polisi", "Kapolri",
      ("pelayanan SIM", "penanganan laporan masyarakat", "pengamanan arus mudik"),
      ("SIM", "SKCK")),
    _I("Polda Metro Jaya", "Polda Metro", "polisi", "Kapolda Metro Jaya",
      ("pelayanan SIM", "pengaturan lalu lintas", "penanganan laporan warga"),
      ("SIM", "SKCK")),
    _I("Polres Bogor", "Polres Bogor", "polisi", "Kapolres Bogor",
      ("patroli malam", "pelayanan SKCK", "penanganan kecelakaan"),
      ("SKCK", "surat laporan kehilangan")),
    _I("Pemerintah Provinsi DKI Jakarta", "Pemprov DKI", "pemda", "Gubernur DKI Jakarta",
      ("penanganan banjir", "layanan Transjakarta", "perbaikan trotoar"),
      ("KJP", "izin usaha")),
    _I("Pemerintah Provinsi Jawa Barat", "Pemprov Jabar", "pemda", "Gubernur Jawa Barat",
      ("perbaikan jalan provinsi", "layanan pajak kendaraan", "program sekolah gratis"),
      ("STNK", "izin usaha")),
    _I("Pemerintah Kota Surabaya", "Pemkot Surabaya", "pemda", "Wali Kota Surabaya",
      ("pengelolaan taman kota", "layanan kependudukan", "penanganan sampah"),
      ("KTP elektronik", "akta kelahiran")),
    _I("Pemerintah Kota Medan", "Pemkot Medan", "pemda", "Wali Kota Medan",
      ("perbaikan drainase", "layanan perizinan", "penataan pedagang kaki lima"),
      ("izin mendirikan bangunan", "KTP elektronik")),
    _I("Pemerintah Kabupaten Bogor", "Pemkab Bogor", "pemda", "Bupati Bogor",
      ("perbaikan jalan kabupaten", "layanan puskesmas", "penyaluran bantuan pangan"),
      ("kartu keluarga", "izin usaha mikro")),
    _I("Pemerintah Kabupaten Sleman", "Pemkab Sleman", "pemda", "Bupati Sleman",
      ("penanganan sampah", "layanan perizinan", "program air bersih"),
      ("kartu keluarga", "surat izin usaha")),
    _I("Pemerintah Provinsi Sulawesi Selatan", "Pemprov Sulsel", "pemda", "Gubernur Sulawesi Selatan",
      ("pembangunan jalan provinsi", "layanan rumah sakit daerah", "beasiswa daerah"),
      ("STNK", "kartu beasiswa")),
    _I("BPJS Kesehatan", "BPJS Kesehatan", "layanan", "Direktur Utama BPJS Kesehatan",
      ("layanan JKN", "klaim rumah sakit", "pendaftaran peserta"),
      ("kartu JKN", "surat rujukan")),
    _I("Dinas Kependudukan dan Pencatatan Sipil", "Dukcapil", "layanan", "Dirjen Dukcapil",
      ("perekaman KTP elektronik", "layanan akta kelahiran", "pembaruan data penduduk"),
      ("KTP elektronik", "kartu keluarga", "akta kelahiran")),
    _I("Kantor Imigrasi Jakarta Pusat", "Imigrasi Jakpus", "layanan", "Kepala Kantor Imigrasi",
      ("pembuatan paspor", "layanan izin tinggal", "antrean paspor daring"),
      ("paspor", "izin tinggal")),
    _I("Samsat Jakarta Timur", "Samsat Jaktim", "layanan", "Kepala Samsat Jakarta Timur",
      ("pembayaran pajak kendaraan", "perpanjangan STNK", "balik nama kendaraan"),
      ("STNK", "BPKB")),
    _I("RSUD Dr. Soetomo", "RSUD Soetomo", "layanan", "Direktur RSUD Dr. Soetomo",
      ("layanan IGD", "layanan rawat inap", "antrean poliklinik"),
      ("surat rujukan", "hasil laboratorium")),
    _I("PDAM Tirta Kahuripan", "PDAM", "layanan", "Direktur PDAM",
      ("distribusi air bersih", "perbaikan pipa", "layanan pengaduan pelanggan"),
      ("tagihan air", "sambungan baru")),
    _I("Badan Meteorologi, Klimatologi, dan Geofisika", "BMKG", "lembaga", "Kepala BMKG",
      ("peringatan dini cuaca", "informasi gempa", "prakiraan cuaca"),
      ("data cuaca", "peringatan dini")),
    _I("Badan Nasional Penanggulangan Bencana", "BNPB", "lembaga", "Kepala BNPB",
      ("penanganan darurat bencana", "penyaluran logistik", "rehabilitasi pascabencana"),
      ("bantuan logistik", "dana siap pakai")),
    _I("Badan Pertanahan Nasional", "BPN", "lembaga", "Kepala BPN",
      ("pendaftaran tanah sistematis", "penerbitan sertifikat tanah", "penyelesaian sengketa tanah"),
      ("sertifikat tanah", "surat ukur")),
    _I("Direktorat Jenderal Pajak", "DJP", "lembaga", "Dirjen Pajak",
      ("layanan pelaporan SPT", "pemeriksaan pajak", "layanan konsultasi pajak"),
      ("NPWP", "bukti lapor SPT")),
    _I("Badan Pengawas Obat dan Makanan", "BPOM", "lembaga", "Kepala BPOM",
      ("pengawasan obat", "izin edar pangan", "uji laboratorium makanan"),
      ("izin edar", "sertifikat produksi")),
]

PLACES = ["Jakarta", "Bandung", "Surabaya", "Medan", "Makassar", "Semarang", "Palembang",
          "Yogyakarta", "Denpasar", "Padang", "Pontianak", "Manado", "Kupang", "Mataram",
          "Ambon", "Jayapura", "Banjarmasin", "Pekanbaru", "Bogor", "Bekasi", "Cianjur",
          "Garut", "Sleman", "Malang", "Cilacap", "Lombok Timur", "Palu", "Kendari"]
OUTLETS = ["Antara", "Kompas.com", "Tempo.co", "Detikcom", "Republika", "Medcom", "Suara.com",
           "Liputan6.com", "Tribunnews", "Kumparan", "CNN Indonesia", "Okezone"]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
DISASTERS = ["banjir", "gempa bumi", "tanah longsor", "kebakaran permukiman", "angin puting beliung",
             "banjir bandang", "erupsi gunung"]
AID = ["sembako", "tenda darurat", "makanan siap saji", "obat-obatan", "selimut dan pakaian",
       "air bersih", "perahu karet"]
AWARDS = ["Anugerah Keterbukaan Informasi Publik", "predikat Wilayah Bebas dari Korupsi",
          "penghargaan Pelayanan Publik Prima", "opini Wajar Tanpa Pengecualian",
          "penghargaan Zona Integritas", "Anugerah Humas Indonesia"]
TOPICS = ["persiapan mudik Lebaran", "penanganan inflasi daerah", "evaluasi anggaran",
          "persiapan Natal dan Tahun Baru", "pengendalian harga pangan", "kesiapsiagaan bencana",
          "penyusunan rencana kerja tahunan", "pelaksanaan pemilu"]
HOLIDAYS = ["Lebaran", "Natal", "Tahun Baru", "Idul Adha", "cuti bersama"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember"]
OTHERS = ["seorang pengusaha", "sebuah perusahaan swasta", "klub sepak bola lokal",
          "komunitas pecinta alam", "seorang selebritas", "panitia festival musik",
          "sebuah startup teknologi", "kelompok mahasiswa"]
OTHER_EVENTS = ["festival kuliner", "konser musik", "lomba lari maraton", "pameran UMKM",
                "turnamen bulu tangkis", "peluncuran produk baru", "pameran buku"]
CRIMES = ["narkoba", "penipuan daring", "perdagangan orang", "judi online", "pencurian kendaraan",
          "pemalsuan dokumen"]
CRITICS = ["Ombudsman", "anggota DPR", "Indonesia Corruption Watch", "YLKI", "anggota DPRD",
           "pengamat kebijakan publik", "LBH setempat", "Komnas HAM"]

# ----------------------------------------------------------------------------------------
# Formal news sentences. {i} = institution name, {s} = short name, {h} = head.
NEWS = {
    "positif": [
        "{i} menyalurkan {aid} kepada {n} keluarga korban {dis} di {p} kurang dari {hours} jam setelah kejadian.",
        "Warga {p} mengapresiasi langkah cepat {s} yang langsung membuka posko pengungsian setelah {dis} melanda.",
        "{i} meraih {award} tahun ini berkat perbaikan tata kelola dan keterbukaan informasi.",
        "{i} kembali memperoleh {award} untuk ke-{k} kalinya secara berturut-turut.",
        "Berkat sistem antrean daring, waktu tunggu {svc} di {s} kini hanya sekitar {mins} menit.",
        "{i} berhasil menurunkan jumlah pengaduan {svc} hingga {pct} persen dibanding tahun lalu.",
        "Survei kepuasan masyarakat menunjukkan {pct} persen responden puas terhadap {svc} {s}.",
        "{i} meluncurkan aplikasi baru yang memudahkan warga mengurus {doc} tanpa harus datang ke kantor.",
        "Ombudsman menempatkan {s} di zona hijau kepatuhan standar pelayanan publik.",
        "{h} memastikan {svc} tetap berjalan normal dan warga dapat dilayani tanpa biaya tambahan.",
        "Pegiat antikorupsi memuji {s} yang membuka data anggaran secara lengkap kepada publik.",
        "{i} menuntaskan {svc} lebih cepat dari target sehingga manfaatnya segera dirasakan warga.",
        "Petugas {s} sigap mengevakuasi warga yang terjebak {dis} di {p} sehingga tidak ada korban jiwa.",
        "Langkah {s} memangkas prosedur {svc} dinilai sangat membantu pelaku usaha kecil.",
        "{i} membebaskan biaya pengurusan {doc} bagi warga terdampak {dis}.",
        "Kinerja {s} dalam {svc} mendapat apresiasi dari {critic}.",
        "pengadilan|{i} berhasil mengembalikan kerugian negara sebesar Rp{bn} miliar kepada kas negara.",
        "polisi|{i} berhasil membongkar jaringan {crime} lintas provinsi dan menyelamatkan puluhan korban.",
        "pengadilan|Putusan {s} yang transparan dan tepat waktu dipuji pegiat hukum.",
        "polisi|Warga {p} merasa lebih aman sejak {s} rutin menggelar patroli malam.",
        "Kualitas {svc} di {s} kini lebih ramah, cepat, dan transparan, menurut warga yang ditemui.",
        "{i} sukses menyelenggarakan {svc} tanpa kendala berarti dan mendapat pujian masyarakat.",
        "Inovasi layanan jemput bola {s} membuat warga lansia tidak perlu lagi antre berjam-jam.",
        "Realisasi anggaran {s} mencapai {pct} persen, tertinggi di antara instansi sejenis.",
        "Warga menyambut baik keputusan {s} memperpanjang jam layanan {svc} hingga malam hari.",
        "{i} bergerak cepat memperbaiki {svc} setelah menerima laporan warga.",
        "Tanggapan cepat {s} atas keluhan warga soal {svc} menuai pujian di media sosial.",
        "{critic} menilai {s} berhasil meningkatkan kualitas {svc} secara nyata.",
        "Tidak ada lagi pungutan dalam pengurusan {doc} di {s}, kata warga yang ditemui.",
        "Jumlah pengaduan terhadap {s} turun drastis setelah layanan daring diperkenalkan.",
    ],
    "negatif": [
        "{critic} mengkritik {s} yang dinilai lamban menangani korban {dis} di {p}.",
        "Warga mengeluhkan {svc} di {s} yang berbelit-belit dan memakan waktu berminggu-minggu.",
        "Oknum pegawai {i} diduga meminta pungutan liar dalam pengurusan {doc}.",
        "KPK menetapkan seorang pejabat {i} sebagai tersangka kasus dugaan korupsi {svc}.",
        "Ombudsman menemukan dugaan maladministrasi dalam {svc} yang dilakukan {s}.",
        "BPK menemukan potensi kerugian negara Rp{bn} miliar dalam pengelolaan anggaran {s}.",
        "Penyaluran bantuan oleh {s} dinilai salah sasaran karena banyak warga mampu ikut menerima.",
        "Sistem daring {s} kembali lumpuh sehingga ratusan warga gagal mengurus {doc}.",
        "{critic} mempertanyakan kinerja {s} yang gagal mencapai target {svc} tahun ini.",
        "polisi|Aparat {s} diduga bertindak represif saat membubarkan unjuk rasa warga di {p}.",
        "pengadilan|Putusan {s} yang membebaskan terdakwa korupsi menuai kecaman publik.",
        "polisi|Laporan warga soal {crime} di {p} tidak kunjung ditindaklanjuti {s}.",
        "Proyek {svc} yang dikerjakan {s} mangkrak dan menghabiskan anggaran miliaran rupiah.",
        "Sejumlah warga menggugat {i} ke pengadilan karena dinilai lalai dalam {svc}.",
        "Antrean {svc} di kantor {s} mengular sejak subuh, sementara loket baru dibuka siang hari.",
        "{i} dituding tidak transparan dalam pengadaan barang senilai Rp{bn} miliar.",
        "Korban {dis} di {p} mengaku belum menerima bantuan apa pun dari {s} setelah {k} hari.",
        "Pelayanan petugas {s} dikeluhkan tidak ramah dan kerap mengabaikan pertanyaan warga.",
        "{critic} menilai kebijakan baru {s} justru mempersulit warga mengurus {doc}.",
        "Data bocor dari sistem {s} membuat jutaan data pribadi warga tersebar di internet.",
        "{i} kembali menjadi sorotan setelah anggaran {svc} diduga digelembungkan.",
        "Warga kecewa karena {s} tidak menepati janji memperbaiki {svc} sebelum akhir tahun.",
        "Kinerja {s} dinilai buruk karena ribuan pengaduan {svc} tidak kunjung ditindaklanjuti.",
        "Seorang pejabat {s} terjaring operasi tangkap tangan terkait suap {svc}.",
        "{s} membantah tudingan itu, namun {critic} tetap menilai {svc} sarat masalah.",
        "Warga {p} berunjuk rasa di depan kantor {s} menuntut perbaikan {svc}.",
        "Hasil audit menunjukkan {svc} oleh {s} tidak sesuai ketentuan.",
        "Pengaduan soal {svc} di {s} meningkat {pct} persen dalam setahun terakhir.",
        "Janji {h} soal perbaikan {svc} dinilai hanya pencitraan oleh {critic}.",
    ],
    "netral": [
        "{i} menggelar rapat koordinasi {topic} di {p} pada {day}.",
        "{i} mencatat {n} permohonan {doc} sepanjang bulan {month}.",
        "Selama libur {hol}, {svc} di {s} dibuka mulai pukul 08.00 hingga 12.00 WIB.",
        "Menurut data {s}, jumlah peserta {svc} tahun ini mencapai {n} orang.",
        "{h} dijadwalkan menghadiri rapat kerja dengan DPR pada pekan depan.",
        "{i} akan memaparkan hasil evaluasi {svc} pada akhir bulan {month}.",
        "{dis_cap} melanda {p} pada {day} malam; {s} mencatat {n} rumah terdampak.",
        "Sidang lanjutan perkara tersebut ditunda hingga pekan depan, kata juru bicara {s}.",
        "{other_cap} menggelar {ev} di {p}; acara itu juga dihadiri perwakilan {s}.",
        "Harga cabai di pasar tradisional {p} naik, menurut pantauan {s}.",
        "{i} menerbitkan surat edaran tentang penyesuaian jam kerja pegawai selama bulan Ramadan.",
        "Pendaftaran {svc} dibuka mulai {day} melalui laman resmi {s}.",
        "{h} melantik {k} pejabat eselon baru di lingkungan {i} pada {day}.",
        "{s} memperkirakan puncak arus {hol} terjadi pada akhir pekan ini.",
        "Kantor {s} di {p} pindah sementara ke gedung baru selama renovasi berlangsung.",
        "Dalam {ev} di {p}, {other} memamerkan karya terbaru mereka; lokasinya tidak jauh dari kantor {s}.",
        "{i} dan pemerintah daerah menandatangani nota kesepahaman tentang {topic}.",
        "Anggaran {s} tahun depan direncanakan sebesar Rp{bn} miliar.",
        "{s} menyampaikan bahwa syarat pengurusan {doc} meliputi fotokopi KTP dan kartu keluarga.",
        "{other_cap} melaporkan kasus {crime} ke {s} dan kini laporan tersebut sedang diproses.",
        "pengadilan|Terdakwa kasus {crime} dijatuhi hukuman {k} tahun penjara oleh majelis hakim {s}.",
        "polisi|{s} menangkap seorang tersangka kasus {crime} di {p} dan kini masih memeriksa saksi.",
        "pengadilan|{s} menjadwalkan sidang pembacaan putusan perkara {crime} pada {day}.",
        "Gempa bermagnitudo {mag} mengguncang {p}, demikian keterangan {s}.",
        "{i} memulai sosialisasi {svc} kepada aparatur desa di {p}.",
        "Petugas {s} melakukan pendataan ulang penerima {svc} di {k} kecamatan.",
        "{h} menerima kunjungan delegasi dari {p} di kantor {i}.",
        "Rapat dengar pendapat antara DPR dan {s} membahas rencana {svc} tahun depan.",
        "{s} mengimbau warga memperbarui {doc} sebelum masa berlakunya habis.",
        "Juru bicara {s} menjelaskan tahapan {svc} kepada wartawan di {p}.",
        "Sejumlah pejabat {s} mengikuti upacara peringatan Hari Kemerdekaan di {p}.",
    ],
}

# Social-media posts: slang, abbreviations, emoji, hashtags.
SOCIAL = {
    "positif": [
        "mantap {s}! urus {doc} cuma {mins} menit, gak pake ribet {emo_pos}",
        "salut sama {s}, gercep bgt bantu korban {dis} di {p} {emo_pos}",
        "baru kali ini ngurus {doc} di {s} cepet bgt, petugasnya ramah2 pula",
        "makasih {s} udah benerin {svc}, akhirnya beres jg {emo_pos}",
        "keren nih {s}, sekarang {svc} bisa online, ga perlu antre lg",
        "pelayanan {s} makin oke aja, semoga dipertahankan ya {emo_pos} #pelayananpublik",
        "respect buat petugas {s} yg sigap nolongin warga pas {dis} kemarin",
        "td ke {s} buat urus {doc}, gratis dan cepet. puas bgt!",
        "akhirnya {s} dengerin keluhan warga, {svc} skrg jauh lebih baik",
        "bangga sama {s}, dapet {award} lagi {emo_pos}",
        "{s} the best lah, {svc} lancar jaya tanpa pungli",
        "terima kasih {s}, bantuan buat korban {dis} udah sampe cepet bgt {emo_pos}",
        "jujur kaget, urus {doc} di {s} sekarang gampang bgt, top!",
        "good job {s}! respon pengaduan cepet, masalah langsung beres",
        "petugas {s} ramah bgt td, dijelasin sampe paham. makasih pak bu {emo_pos}",
        "alhamdulillah {doc} udah jadi, cepet jg ternyata di {s}",
        "jujur salut, laporan ke {s} langsung ditindaklanjuti hari itu jg",
        "gercep bgt {s}, td pagi lapor siang udah beres {emo_pos}",
    ],
    "negatif": [
        "{s} lelet bgt sih, udh {k} minggu {doc} blm jadi {emo_neg}",
        "parah {s}, antre dr subuh eh sistemnya malah down {emo_neg}",
        "pungli lagi pungli lagi, kapan {s} mau berbenah?? #usutTuntas",
        "kecewa bgt sama pelayanan {s}, petugasnya jutek {emo_neg}",
        "{svc} ga beres2, {s} kemana aja?? {emo_neg}",
        "udah lapor ke {s} berkali2 tp ga ada respon sama sekali. payah",
        "bansos salah sasaran mulu, {s} kerjanya gmn sih {emo_neg}",
        "korban {dis} di {p} blm dpt bantuan, {s} cuma sibuk foto2 doang",
        "ngurus {doc} di {s} disuruh bolak balik, ribet bgt asli {emo_neg}",
        "aplikasi {s} error terus, niat bikin layanan ga sih?",
        "katanya gratis tp di {s} tetep dimintain duit, dasar oknum {emo_neg}",
        "{s} bisanya cuma janji, {svc} tetep amburadul #kecewa",
        "malu2in bgt pejabat {s} kena OTT lagi {emo_neg}",
        "webnya {s} down pas hari terakhir pendaftaran, gimana sih",
        "pelayanan {s} makin parah, nunggu {mins} menit cuma buat ditolak {emo_neg}",
        "mantap {s}, antre {k} jam cuma buat dibilang sistem offline 🙄",
        "lapor ke {s} malah dipingpong sana sini, capek",
        "{s} tolong lah benahi {svc}, udah bertahun2 gini terus {emo_neg}",
    ],
    "netral": [
        "ada yg tau jam buka {s} hari sabtu?",
        "info dong, syarat bikin {doc} di {s} apa aja ya",
        "besok mau ke {s} urus {doc}, ada yg pernah?",
        "{s} barusan ngumumin jadwal {svc}, cek webnya ya guys",
        "lagi antre di {s}, lumayan rame hari ini",
        "td liat berita {s} rapat soal {topic}",
        "btw {doc} bisa diurus di {s} cabang {p} ga sih?",
        "nonton {ev} di {p} td, ada stand {s} juga di sana",
        "kata {s} libur {hol} layanan tetep buka setengah hari",
        "mau nanya, pendaftaran {svc} di {s} udah dibuka blm?",
        "rt @infopublik: {s} rilis data {svc} bulan {month}",
        "otw ke kantor {s} buat ambil {doc}",
        "{dis} di {p} td malem, semoga semua aman. {s} lagi pendataan katanya",
        "yg mau daftar {svc}, infonya ada di akun resmi {s}",
        "ada yg tau nomor call center {s}?",
        "{s} hari ini libur ga ya?",
        "ada info rekrutmen {s} tahun ini?",
        "lagi nunggu panggilan di {s} nih, nomor antrean {k}7",
    ],
}

LEAD_OPENERS = ["{P}, {outlet} - ", "{P} ({outlet}) - ", "{outlet}, {P} - ", "{P} - "]
LEAD_CONTEXT = [
    "Hal itu disampaikan {h} kepada wartawan di {p}, {day}.",
    "Keterangan tersebut disampaikan dalam konferensi pers di {p} pada {day}.",
    "Informasi itu dihimpun dari keterangan resmi yang dirilis {day}.",
    "Peristiwa ini terjadi pada {day} pekan lalu.",
    "Data tersebut dihimpun hingga {day} sore.",
]
LEAD_FOLLOW = {
    "positif": [
        "Warga menilai langkah itu sangat membantu.",
        "Sejumlah warga yang ditemui mengaku puas dengan pelayanan tersebut.",
        "Capaian ini disebut sebagai hasil pembenahan layanan selama setahun terakhir.",
    ],
    "negatif": [
        "Warga berharap persoalan ini segera dibenahi.",
        "Hingga berita ini diturunkan, pihak {s} belum memberikan tanggapan.",
        "Persoalan serupa disebut sudah berulang kali terjadi.",
    ],
    "netral": [
        "Kegiatan tersebut diikuti perwakilan dari berbagai daerah.",
        "Rincian jadwal dapat dilihat di laman resmi {s}.",
        "Acara berlangsung sekitar dua jam.",
    ],
}

EMO_POS = ["👍", "🙏", "😊", "👏", "❤️", "mantul", ""]
EMO_NEG = ["😡", "😤", "🙄", "👎", "😠", "hadeh", ""]
SLANG = [(r"\btidak\b", ["gak", "ga", "nggak", "tdk"]), (r"\bsudah\b", ["udah", "udh", "dah"]),
         (r"\byang\b", ["yg"]), (r"\bbanget\b", ["bgt", "bngt"]), (r"\bbelum\b", ["blm", "belom"]),
         (r"\bsama\b", ["sm"]), (r"\baja\b", ["aj"]), (r"\bdari\b", ["dr"])]


def _pick(templates: list[str], inst: Institution, rng: random.Random) -> str:
    """A template for the institution: "kind|text" templates fit only that kind."""
    while True:
        template = rng.choice(templates)
        kind, sep, text = template.partition("|")
        if not sep:
            return template
        if kind == inst.kind:
            return text


def _fill(template: str, inst: Institution, rng: random.Random) -> str:
    dis = rng.choice(DISASTERS)
    other = rng.choice(OTHERS)
    values: dict[str, object] = {
        "i": inst.name, "s": rng.choice([inst.short, inst.short, inst.name]) if len(inst.name) < 40 else inst.short,
        "h": inst.head, "svc": rng.choice(inst.services), "doc": rng.choice(inst.docs),
        "p": rng.choice(PLACES), "n": f"{rng.randint(12, 4800):,}".replace(",", "."),
        "k": rng.randint(2, 9), "hours": rng.choice([3, 6, 12, 24]),
        "mins": rng.choice([10, 15, 20, 30, 45]), "pct": rng.randint(18, 92),
        "bn": rng.randint(2, 950), "mag": f"{rng.uniform(4.1, 6.4):.1f}".replace(".", ","),
        "aid": rng.choice(AID), "dis": dis, "dis_cap": dis[0].upper() + dis[1:],
        "award": rng.choice(AWARDS), "critic": rng.choice(CRITICS), "topic": rng.choice(TOPICS),
        "day": rng.choice(DAYS), "month": rng.choice(MONTHS), "hol": rng.choice(HOLIDAYS),
        "other": other, "other_cap": other[0].upper() + other[1:], "ev": rng.choice(OTHER_EVENTS),
        "crime": rng.choice(CRIMES), "emo_pos": rng.choice(EMO_POS), "emo_neg": rng.choice(EMO_NEG),
        "outlet": rng.choice(OUTLETS),
    }
    values["P"] = str(values["p"]).upper()
    text = template.format(**values)
    return text[0].upper() + text[1:] if text else text


def _replacer(choices: list[str], rng: random.Random) -> Callable[[re.Match[str]], str]:
    return lambda _match: rng.choice(choices)


def _socialise(text: str, rng: random.Random) -> str:
    for pattern, choices in SLANG:
        if rng.random() < 0.7:
            text = re.sub(pattern, _replacer(choices, rng), text)
    roll = rng.random()
    if roll < 0.35:
        text = text.lower()
    elif roll < 0.42:
        text = text.upper()
    if rng.random() < 0.25:
        text = "@" + rng.choice(["warga", "netizen", "infojkt", "kabarkota", "lapor"]) + \
            rng.choice(["_id", "24", "", "official"]) + " " + text
    if rng.random() < 0.15:
        text += " " + rng.choice(["wkwk", "sih", "deh", "ya", "gan", "bro"])
    return re.sub(r"\s+", " ", text).strip()


def _lead(label: str, inst: Institution, rng: random.Random) -> str:
    opener = rng.choice(LEAD_OPENERS)
    body = _pick(NEWS[label], inst, rng)
    parts = [_fill(opener + body, inst, rng)]
    if rng.random() < 0.8:
        parts.append(_fill(rng.choice(LEAD_CONTEXT), inst, rng))
    if rng.random() < 0.6:
        parts.append(_fill(rng.choice(LEAD_FOLLOW[label]), inst, rng))
    return " ".join(parts)


def generate(seed: int = SEED) -> list[tuple[str, str, str]]:
    """Rows (text, label, style), deterministic for a seed, without duplicate texts."""
    rng = random.Random(seed)
    rows: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for style, per_label in PER_LABEL.items():
        for label in ("positif", "netral", "negatif"):
            made = 0
            attempts = 0
            while made < per_label and attempts < per_label * 50:
                attempts += 1
                inst = rng.choice(INSTITUTIONS)
                if style == "news":
                    text = _fill(_pick(NEWS[label], inst, rng), inst, rng)
                elif style == "lead":
                    text = _lead(label, inst, rng)
                else:
                    text = _socialise(_fill(rng.choice(SOCIAL[label]), inst, rng), rng)
                key = text.lower()
                if key in seen:
                    continue
                seen.add(key)
                rows.append((text, label, style))
                made += 1
    rng.shuffle(rows)
    return rows


def write(path: Path = OUT, seed: int = SEED) -> int:
    rows = generate(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["text", "label", "style"])
        writer.writerows(rows)
    return len(rows)


if __name__ == "__main__":
    count = write()
    print(f"{count} contoh ditulis ke {OUT}")

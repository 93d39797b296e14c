"""Who is quoted in an Indonesian news text: the people a statement is attributed to, with
the title written before their name.

    "Kami akan menyalurkan bantuan," kata Menteri Sosial Tri Rismaharini.
    -> Quote(name="Tri Rismaharini", title="Menteri Sosial")

How it reads a text (`extract_quotes`):
1. Tokens: words (with inner hyphens and apostrophes: Undang-Undang, Mu'ti), numbers and
   punctuation; a short abbreviation keeps its dot (Dr., H., S.Sos.).
2. Attribution cues. After the speaker: mengatakan, menyatakan, menilai, menegaskan,
   menyampaikan, ... and "dalam keterangannya". Before the speaker: kata, ujar, ungkap,
   jelas, tegas, imbuh, tutur, ... (the short ones only right after a comma or a closing
   quote, where news writes them: `"...," tegas Risma`), menurut, and the passives
   disampaikan, dikatakan, diungkapkan, ... (optionally with "oleh").
3. The speaker is the run of capitalised words next to the cue, read across a comma
   apposition ("Romal Uli, Kepala Biro Humas Kemensos, mengatakan"; "kata Kepala Biro
   Humas Kemensos, Romal Uli"), a parenthesis ("Presiden Joko Widodo (Jokowi)"), academic
   degrees ("Romal Uli, S.Sos., M.Si., mengatakan"), "X atau Y" and "Y, sapaan X" (X is the
   person), and "X dan Y" (both).
4. The run splits into title and name from the right: name words are taken until a title
   word (Menteri, Kepala, Kapolda, Irjen, Dr.), an institution (Kemensos, DPR, words that
   are places or institutions in news text) or a common noun stops them. What a word is
   comes from word lists here and from `data/people-lexicon.tsv`, counts learned from the
   NERP corpus of Indonesian news with person, place and institution spans
   (`benchmarks/build_people_lexicon.py`). A run with no name word ("Undang-Undang
   Nomor", "Kemensos", "Menteri Sosial") quotes nobody.

Measured on a labelled sample of Indonesian news sentences and on NERP:
`python benchmarks/bench_people.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LEXICON_FILE = Path(__file__).parent / "data" / "people-lexicon.tsv"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())

# ---------------------------------------------------------------- word lists

# Verbs written after the speaker: "Risma mengatakan ...".
VERBS_AFTER_SPEAKER = _words("""
mengatakan menyatakan menjelaskan mengungkapkan menegaskan menuturkan menyampaikan berkata
menerangkan memaparkan menilai menyebut menyebutkan menambahkan mengakui meminta mengimbau
mengingatkan berharap menekankan mengaku membantah mengklaim mengeklaim menandaskan
menginformasikan mengemukakan mengutarakan mengusulkan mendesak menanggapi mengajak
""")
# Words written before the speaker: "..., kata Risma".
VERBS_BEFORE_SPEAKER = _words("""
kata ujar ungkap ucap tutur jelas terang tegas imbuh sebut papar tambah lanjut pungkas
tandas tukas kilah sambung beber urai
""")
# Of those, the ones that are also common adjectives or verbs: a cue only right after a
# comma, a quote or the end of a quotation ("Hal ini jelas merugikan" quotes nobody).
AMBIGUOUS_BEFORE = _words("jelas terang tegas sebut tambah lanjut sambung urai")
PASSIVE_CUES = _words("""
disampaikan dikatakan diungkapkan ditegaskan dijelaskan disebutkan dituturkan diutarakan
dipaparkan diterangkan dikemukakan
""")

PRONOUNS = _words("""
ia dia beliau mereka kami kita saya aku pihaknya dirinya -nya nya anda engkau
""")

# Titles, honorifics and the nouns of positions; lower case.
TITLE_WORDS = _words("""
presiden wakil wapres menteri wamen menko kepala ketua sekretaris sekjen sekda jenderal
direktur dirjen dirut irjen inspektur inspektorat juru bicara jubir biro humas hubungan
masyarakat gubernur wagub bupati wabup wali walkot camat lurah kades anggota komisi fraksi
dewan pimpinan plt plh pj pelaksana tugas harian staf khusus ahli tenaga utama deputi
asisten koordinator pengamat peneliti ekonom dosen guru besar rektor dekan pendiri
komisaris ceo manajer analis komandan pangdam danrem dandim danramil panglima marsekal
marsdya marsda marsma laksamana laksdya laksda laksma letjen mayjen brigjen kolonel letkol
mayor kapten lettu letda serka sertu kombes akbp kompol akp iptu ipda aiptu aipda
brigadir bripka briptu bripda komjen inf kav arh czi cpm pnb kal mar tni polri kabid
kadiv kasat kabag kasi kasie kajati kajari kapen kasad kasal kasau kanwil kabareskrim
kapuspen kapuspenkum kakorlantas kasubdit kasubag kasubbag kapolri kapolda kapolres
kapolsek kapolrestabes kadis kadin pemohon terdakwa tersangka saksi hakim jaksa agung
kuasa hukum pengacara advokat ombudsman senator perwakilan chairman president director
head chief founder executive officer dr dr. drs drs. dra dra. ir ir. prof prof. h h. hj
hj. kh kh. pdt pdt. st st. ustaz ustad ustazah habib romo kardinal uskup pastor pendeta
bhikkhu haji hajjah nenek kakek mbah bu ibu pak bapak kak bunda mbak mas bang om tante
ning raden tuan nyonya nona saudara saudari sdr almarhum almarhumah mendiang cak
koordinator utusan pakar aktivis psikolog budayawan penyanyi selebritas pesepak pelatih
bola nasional senior eksekutif umum bidang departemen divisi subdirektorat direktorat
pusat balai besar sentra pos kantor satuan satgas unit seksi bagian subbagian
pengendalian pencegahan penyakit menular perlindungan jaminan rehabilitasi pemberdayaan
kesejahteraan pembangunan perencanaan komunikasi informasi pelayanan publik data
penyelenggaraan pengawasan ruang digital perhubungan darat laut udara keamanan ketertiban
pelindungan statistik hukum pariwisata pendidikan kesehatan keuangan sosial agama
pertanian perdagangan perindustrian ketenagakerjaan kelautan perikanan dalam luar negeri
sekretariat negara kabinet kepresidenan istana staf administrasi legislasi keahlian
reserse kriminal khusus siber pengamatan pelaksanaan penanggulangan bencana daerah
provinsi kabupaten kota kecamatan kelurahan desa rt rw lembaga badan dinas kementerian
pemerintah pemerintahan partai mahkamah pengadilan kejaksaan kepolisian kodim korem kodam
polda polres polsek polrestabes universitas fakultas institut sekolah rumah sakit rsud
perum persero bank pt cv tbk yayasan organisasi forum asosiasi himpunan gabungan serikat
perhimpunan ikatan majelis jaringan aliansi koalisi center centre institute of for on
the and research economics perekonomian permukiman kawasan perumahan umrah bina aksi kebudayaan
manusia dasar menengah tinggi pembinaan generasi muda pekerja seni
""")
# Words that continue a title across lower case: "Komisi VIII DPR", "Ketua RT 05".
HONORIFICS_IN_NAME = _words("gus")  # part of how the person is named
NAME_CONNECTORS = _words("bin binti van der de da al el von")
NOT_NAMES = _words("""
undang undang-undang nomor tahun pasal ayat peraturan perpres perpu perppu permen permensos
keputusan instruksi surat edaran rancangan ruu uu pp inpres keppres kepmen perda pergub
perbup perwal senin selasa rabu kamis jumat sabtu minggu januari februari maret april mei
juni juli agustus september oktober november desember hari pekan bulan tahun pagi siang
sore malam sementara namun selain saat ketika sedangkan adapun kemudian lalu sebelumnya
hal tersebut demikian sebagaimana seperti bahkan tetapi akan sudah telah masih dalam di
ke dari pada untuk dengan oleh yang ini itu sumber warga petugas pihak warganet netizen
menurut kata ujar jelas tegas data survei laporan hasil riset rapat sidang video akun
dikatakan diungkapkan ditegaskan dijelaskan disampaikan dalam keterangannya keterangan
selanjutnya berdasarkan terkait soal pukul wib wita wit kompleks gedung jalan jl
jatim jateng jabar jakut jaksel jakbar jaktim jakpus sulsel sulut sulteng sultra sulbar
sumut sumbar sumsel kaltim kalbar kalsel kalteng kaltara babel kepri malut
""")
# Prefixes of institutions and of titles formed from them (Kemensos, Pemprov, Kapolda).
ORG_PREFIXES = ("kemen", "kement", "pemprov", "pemkab", "pemkot", "pemda", "polda", "polres",
                "polsek", "dinas", "dinsos", "dinkes", "disdik", "diskominfo", "dishub",
                "disdukcapil", "ditjen", "ditres", "bappeda", "bapanas", "setda", "kapol",
                "kapus", "kakor", "kasub", "kemenko", "wamen", "puslit", "pusdatin", "kanwil",
                "dpr", "dprd", "kpu", "bawaslu", "kejati", "kejari", "kodam", "lanud")
# "Men" + ministry: Mensos, Menkes, Mendagri, Mendikdasmen, Menkomdigi, Mensesneg.
MINISTER_SHORT = re.compile(r"^(?:wa)?men(?:ko|sos|kes|keu|dag|dagri|ag|tan|hub|lu|aker|naker|"
                            r"des|dikbud|dikdasmen|dikti|komdigi|kominfo|sesneg|pan|pora|pupr|"
                            r"parekraf|par|kumham|ham|hukum|lhk|kp|perin|investasi|bumn|pppa|"
                            r"ristek|tri|eg|esdm|pkp|hut|lh|pertan|ekraf|imipas|sekneg)\w*$")
ABBREVIATIONS = _words("""
dr drs dra ir prof h hj kh pdt st sos si sh se pd kom ag hum kes ked ak ip ma mm mh msi mt
ph sp tb muh moh mr mrs ms jr sr
""")
DEGREES = _words("mba msc phd mpa mph cpa mkes msi mm mh spd skm")
_OPEN_QUOTES = {'"', "“", "'"}
_CLOSE_QUOTES = {'"', "”", "'"}
_SENTENCE_END = {".", "!", "?", ";", ":"} | _OPEN_QUOTES | _CLOSE_QUOTES


@lru_cache(maxsize=1)
def lexicon() -> dict[str, tuple[int, int, int, int]]:
    """Lower-cased token -> (person, place/institution/event/product, outside any span,
    right before a person) counts from NERP (`data/people-lexicon.tsv`)."""
    out: dict[str, tuple[int, int, int, int]] = {}
    for line in LEXICON_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith(("#", "token\t")) or not line.strip():
            continue
        tok, ppl, plc, ind, evt, fnb, o, before = line.split("\t")
        out[tok] = (int(ppl), int(plc) + int(ind) + int(evt) + int(fnb), int(o), int(before))
    return out


@lru_cache(maxsize=1)
def _institution_words() -> frozenset[str]:
    """Short names of public bodies (one word each: Kemensos, BPBD, KPK) from sentiment's
    list of institution names."""
    # deferred: keeps the sentiment data file's reader out of indicators' import time
    from sentiment.targets import NAMES_FILE

    words: set[str] = set()
    for line in NAMES_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        for name in line.split("|"):
            parts = name.strip().split()
            if len(parts) == 1:
                words.add(parts[0].lower())
    return frozenset(words)


# ---------------------------------------------------------------- tokens

_TOKEN = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?|\d+(?:[.,/:]\d+)*|[^\w\s]")


@dataclass(frozen=True)
class Token:
    text: str
    start: int

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalpha()

    @property
    def is_cap(self) -> bool:
        return self.is_word and self.text[:1].isupper()


def tokenize(text: str) -> list[Token]:
    raw = [(m.group(), m.start()) for m in _TOKEN.finditer(text)]
    out: list[Token] = []
    i = 0
    while i < len(raw):
        word, start = raw[i]
        if (i + 1 < len(raw) and raw[i + 1][0] == "." and raw[i + 1][1] == start + len(word)
                and word[:1].isalpha()
                and (word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isupper()))):
            out.append(Token(word + ".", start))
            i += 2
            continue
        out.append(Token(word, start))
        i += 1
    return out


# ---------------------------------------------------------------- word classes

STRONG, WEAK, COMMON, STOP = "S", "W", "C", "V"


def word_class(tok: Token, nxt: Token | None = None) -> str:
    """S: a name word; W: could be a name; C: a common noun (a name only as its last word,
    "Adityawarman Adil"); V: never part of a name (title, institution, place, function
    word)."""
    text, low = tok.text, tok.low
    if not tok.is_word:
        return STOP
    if low in HONORIFICS_IN_NAME or low in NAME_CONNECTORS:
        return WEAK
    if text.endswith("."):
        # An initial inside a name (Rivan A. Purwantono, M. Syahduddi), not Haji's H.
        return STRONG if len(text) == 2 and low != "h." else STOP
    if text == "I" and nxt is not None and nxt.is_cap:  # Balinese: I Gede, I Nyoman
        return STRONG
    if not tok.is_cap or any(ch.isdigit() for ch in text):
        return STOP  # lower case, or an amount or code ("Rp10", "B2")
    if low in TITLE_WORDS or low in NOT_NAMES or MINISTER_SHORT.match(low):
        return STOP
    stats = lexicon().get(low)
    if low.startswith(ORG_PREFIXES) and not (stats and stats[0] > stats[1] + stats[2]):
        return STOP
    if low in _institution_words():
        return STOP
    letters = [c for c in text if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    if upper == len(letters) and len(letters) >= 2:  # an acronym: DPR, VIII; JK is a person
        if stats and stats[0] > stats[1] + stats[2]:
            return STRONG
        return WEAK if len(letters) == 2 and stats is None else STOP
    if upper > 1 and not any(p in text for p in "'’-"):  # KemenPPPA, CISSReC
        return STOP
    if stats is None:
        if low.endswith("nya") and len(low) >= 7:
            return STOP
        return STRONG
    ppl, entity, other, _before = stats
    total = ppl + entity + other
    if ppl == 0 and entity >= 5 and entity >= 0.6 * total:
        return STOP  # a place or an institution: Jakarta, Timur, Universitas
    if ppl and ppl * 5 < entity:
        return STOP
    if ppl:
        return STRONG
    if low.endswith("nya") and len(low) >= 7:
        return STOP  # "Modusnya", "Menurutnya"
    return COMMON if other >= 3 and other >= entity else WEAK


# ---------------------------------------------------------------- runs and names


@dataclass(frozen=True)
class Quote:
    name: str
    title: str
    cue: str
    start: int
    alias_of: str | None = None  # "Gus Ipul" quoted as "Saifullah Yusuf atau Gus Ipul"


# After these words comes the name of a place or a body, not of a person: "Kabupaten
# Gianyar I Gede Putra Astawa", "Universitas Trisakti".
PLACE_HEADS = _words("""
kabupaten kota provinsi desa kecamatan kelurahan gunung pulau universitas institut
sekolah yayasan partai bank pt perum kampung dusun jalan gampong nagari
""")
# Positions written with their place: "Camat Baleendah Agus Suherman" (a one-word name
# after them is the person's: "Bupati Dadang").
PLACE_TITLES = _words("""
camat lurah bupati wabup gubernur wagub walkot kapolda kapolres kapolsek kapolrestabes
dandim danrem pangdam kades umum utama eksekutif
""")


# Words that begin the name of a body ("Dinas Kesehatan Lumajang", "BPBD Karangasem"): a
# run that begins with one and holds no position ("Kepala", "Ketua") names no person.
BODY_WORDS = _words("""
dinas badan kementerian pemerintah pemerintahan lembaga komisi dewan mahkamah pengadilan
kejaksaan kepolisian bank universitas rumah rsud perum pt yayasan partai kantor balai
pusat biro direktorat sekretariat inspektorat polda polres polsek kodim korem kodam
""")
ROLE_WORDS = TITLE_WORDS - BODY_WORDS - _words("""
kesehatan sosial keuangan pendidikan agama pertanian perdagangan hukum pariwisata
perhubungan komunikasi informasi pelayanan publik data statistik dalam luar negeri
nasional daerah provinsi kabupaten kota kecamatan kelurahan desa tni polri
""")


def _is_role(tok: Token) -> bool:
    low = tok.low
    return (low in ROLE_WORDS or bool(MINISTER_SHORT.match(low))
            or low.startswith(("kapol", "kapus", "kakor", "kasub", "wamen")))


def _known_person(tok: Token) -> bool:
    stats = lexicon().get(tok.low)
    return (tok.text == "I" or bool(stats and stats[0] >= 2 and stats[0] >= stats[1]))


def split_name(tokens: list[Token], *, titled: bool = False) -> tuple[str, str] | None:
    """(title, name) of a run of capitalised words, the name taken from the right; None
    when the run holds no name. `titled`: a lower-case position stands before the run
    ("anggota Komisi IX DPR Rahmad Handoyo")."""
    if not tokens:
        return None
    classes = [word_class(t, tokens[i + 1] if i + 1 < len(tokens) else None)
               for i, t in enumerate(tokens)]
    n = len(tokens)
    i = n
    while i > 0:
        c = classes[i - 1]
        if c == STOP:
            break
        # a common noun is a name word as the name's last word ("Adityawarman Adil") or
        # between name words ("Airlangga Pribadi Kusman"), not where a title ends
        # ("Perhubungan Darat Aan Suhanan")
        if c == COMMON and i < n and i - 1 > 0 and classes[i - 2] not in (STRONG, WEAK):
            break
        i -= 1
    start = i
    if start > 0 and tokens[start - 1].low in PLACE_HEADS:
        start += 1  # the place: "Universitas Trisakti", "Kabupaten Garut Asep Saepudin"
    elif start > 0 and tokens[start - 1].low in PLACE_TITLES and n - start >= 3 \
            and not _known_person(tokens[start]):
        start += 1  # "Camat Baleendah Agus Suherman"
    if (start > 1 and n - start >= 3 and not _known_person(tokens[start])
            and tokens[start - 1].low in PLACE_TITLES):
        # the name begins at a known first name: "Dompet Dhuafa Ahmad Juwaini"
        for k in range(start + 1, n - 1):
            if _known_person(tokens[k]) and tokens[k - 1].low not in NAME_CONNECTORS:
                if all(not _known_person(t) for t in tokens[start:k]):
                    start = k
                break
    while start < n and tokens[start].low in NAME_CONNECTORS:
        start += 1
    name_toks = tokens[start:]
    name_cls = classes[start:]
    if not name_toks or len(name_toks) > 6:
        return None
    one_weak = len(name_toks) == 1 and name_cls[0] == WEAK
    honorific = len(name_toks) == 2 and name_toks[0].low in HONORIFICS_IN_NAME
    if STRONG not in name_cls and not one_weak and not honorific:
        return None
    title_toks = [t for t in tokens[:start] if t.low not in NOT_NAMES]
    if title_toks and not titled and not any(_is_role(t) for t in title_toks):
        first = title_toks[0]
        acronym = first.text.isupper() and len(first.text) >= 2
        if first.low in BODY_WORDS or acronym or all(
                c in (COMMON, WEAK) for c, t in zip(classes, tokens, strict=False)
                if t in title_toks):
            return None  # a body's name: "Dinas Kesehatan Lumajang", "Jasa Marga"
    title_toks = tokens[:start]
    return _join(title_toks), _join(name_toks)


def _join(tokens: list[Token]) -> str:
    out = ""
    for t in tokens:
        if not out or t.text in (",", ")") or out.endswith("("):
            out += t.text
        else:
            out += " " + t.text
    return out.strip(" ,")


def _is_run_word(tok: Token) -> bool:
    return tok.is_cap or tok.low in NAME_CONNECTORS or (tok.text.endswith(".") and tok.is_word)


def _run_backward(toks: list[Token], end: int) -> tuple[list[Token], int, str | None]:
    """The run of capitalised words ending just before `end` (parentheses skipped; their
    single name kept as an alias); returns (tokens, index of the first, alias)."""
    out: list[Token] = []
    alias = None
    j = end - 1
    while j >= 0:
        t = toks[j]
        if t.text == ")":
            k = j - 1
            while k >= 0 and toks[k].text != "(" and j - k < 12:
                k -= 1
            if k < 0 or toks[k].text != "(":
                break
            inner = toks[k + 1:j]
            if not out and len(inner) == 1 and inner[0].is_cap:
                alias = inner[0].text
            elif out:
                break  # "... Kebudayaan (Menko PMK) Muhadjir Effendy": a title's end
            j = k - 1
            continue
        if _is_run_word(t) or (t.text[:1].isdigit() and out == [] and j > 0
                               and toks[j - 1].is_cap):
            out.insert(0, t)
            j -= 1
            continue
        if t.text[:1].isdigit() and j > 0 and toks[j - 1].is_cap:
            out.insert(0, t)
            j -= 1
            continue
        break
    return out, j + 1, alias


def _run_forward(toks: list[Token], start: int) -> tuple[list[Token], int, str | None]:
    """The run of capitalised words from `start`: across "dan" and a parenthesis while
    it is still a title ("Kepala Pusat Data dan Informasi BNPB Abdul Muhari"); returns
    (tokens, index after it, alias)."""
    out: list[Token] = []
    alias = None
    j = start
    while j < len(toks):
        t = toks[j]
        if t.text == "(":
            k = j + 1
            while k < len(toks) and toks[k].text != ")" and k - j < 12:
                k += 1
            if k >= len(toks) or toks[k].text != ")":
                break
            inner = toks[j + 1:k]
            if len(inner) == 1 and inner[0].is_cap and split_name(out) is not None:
                alias = inner[0].text
                j = k + 1
                break
            if not all(x.is_cap or x.text[:1].isdigit() for x in inner):
                break
            out += [Token("(", t.start), *inner, Token(")", toks[k].start)]
            j = k + 1
            continue
        if _is_run_word(t):
            out.append(t)
            j += 1
            continue
        if t.text[:1].isdigit() and out and word_class(out[-1]) == STOP:
            out.append(t)  # Komisi 8, RT 05, Kodim 1403
            j += 1
            continue
        if (t.low in ("dan", "&") and out and j + 1 < len(toks) and toks[j + 1].is_cap
                and split_name(out) is None):
            out.append(t)
            j += 1
            continue
        break
    return out, j, alias


_LOWER_TITLE_STOP = _words("""
kepada di ke dari pada untuk dengan oleh yang ini itu saat ketika usai seusai dalam
bahwa karena agar supaya sambil sebelum setelah sesudah hingga sampai namun tetapi
""") | PRONOUNS


def _lower_title_prefix(toks: list[Token], start: int) -> int:
    """Skip a lower-case title before a capitalised run ("kata anggota Komisi IX DPR ...",
    "menurut pengamat kebijakan publik dari Universitas Trisakti, ..."); returns the
    index of the run or `start` when there is none."""
    j = start
    while j < len(toks) and j - start < 7:
        t = toks[j]
        if t.is_cap:
            return j
        if not t.is_word or t.low in _LOWER_TITLE_STOP and t.low not in ("dari", "di"):
            return start
        if t.low in ("dari", "di") and not (j + 1 < len(toks) and toks[j + 1].is_cap):
            return start
        j += 1
    return start


def _degrees(toks: list[Token], j: int) -> bool:
    """Whether toks[j:] up to the next comma is a list of academic degrees."""
    seen = False
    while j < len(toks) and toks[j].text != ",":
        t = toks[j]
        if not (t.text.endswith(".") or t.low in DEGREES or t.text == "."):
            return False
        seen = True
        j += 1
    return seen


def _speaker_after(toks: list[Token], i: int, cue: str) -> list[Quote]:
    """The speaker written after a cue at toks[i-1]."""
    if i < len(toks) and toks[i].low == "oleh":
        i += 1
    if i >= len(toks) or toks[i].low in PRONOUNS:
        return []
    first = _lower_title_prefix(toks, i) if not toks[i].is_cap else i
    if first >= len(toks) or not (toks[first].is_cap or toks[first].text.endswith(".")):
        return []
    prefix = _join(toks[i:first])
    run, end, alias = _run_forward(toks, first)
    if alias and alias.isupper() and len(alias) >= 3 and not run:
        return []
    split = split_name(run, titled=bool(prefix))
    title_extra = ""
    if split is None:
        # "kata Kepala Biro Humas Kemensos, Romal Uli" / "Menurut Juru Bicara Kemenkes,
        # Mohammad Syahril, ..." / "Kepala Desa Sukamaju, H. Endang Suhendar"
        if end < len(toks) and toks[end].text == ",":
            run2, _end2, alias = _run_forward(toks, end + 1)
            split2 = split_name(run2)
            if split2 is not None:
                title_extra = _join(run) + ", "
                split = split2
        if split is None:
            return []
    elif end < len(toks) and toks[end].text == "," and not split[0]:
        # "kata Romal Uli, Kepala Biro Humas Kemensos." (a title after the name)
        run2, _end2, _ = _run_forward(toks, end + 1)
        if run2 and split_name(run2) is None:
            split = (_join(run2), split[1])
    title = " ".join(p for p in (prefix, title_extra + split[0]) if p).strip(" ,")
    quotes = [Quote(split[1], title, cue, toks[first].start)]
    if alias:
        quotes.append(Quote(alias, "", cue, toks[first].start, alias_of=split[1]))
    if end < len(toks) and toks[end].low == "atau":
        run3, _e, _a = _run_forward(toks, end + 1)
        s3 = split_name(run3)
        if s3:
            quotes.append(Quote(s3[1], "", cue, toks[end + 1].start, alias_of=split[1]))
    return quotes


_SKIP_BEFORE_VERB = _words("""
pun juga pula lantas kemudian lalu sendiri sebelumnya juga saat ketika usai seusai
dihubungi dikonfirmasi ditemui diwawancarai dimintai tanggapan dalam keterangannya
keterangan tertulis resmi pers wartawan kepada melalui
""")


# Words after which a capitalised run is a place, not a person: "asal Karawang".
PLACE_PREPOSITIONS = _words("asal dari di ke kota desa kampung")


def _segment_split(run: list[Token], first: int, toks: list[Token],
                   titled: bool) -> tuple[str, str] | None:
    """A comma segment's (title, name), or None when it names no person (an apposition
    ending in a place after "asal", "dari", "di": "Andi, penyandang tunadaksa asal
    Karawang, mengatakan"; but "Anggota DPD asal Jawa Barat Eni Sumarni mengungkapkan")."""
    end = first + len(run)
    if (first > 0 and toks[first - 1].low in PLACE_PREPOSITIONS and end < len(toks)
            and toks[end].text == ","):
        return None
    return split_name(run, titled=titled)


def _speaker_before(toks: list[Token], i: int, cue: str) -> list[Quote]:
    """The speaker written before a cue at toks[i]."""
    j = i
    while j > 0 and i - j < 8:
        t = toks[j - 1]
        if t.low in _SKIP_BEFORE_VERB or t.text == ",":
            j -= 1
            continue
        # academic degrees after the name: "Romal Uli, S.Sos., M.Si., mengatakan"
        m = j - 1
        while m >= 0 and ((toks[m].is_word and toks[m].text.endswith("."))
                          or toks[m].low in DEGREES):
            m -= 1
        if m < j - 1 and m >= 0 and toks[m].text == ",":
            j = m
            continue
        break
    quotes: list[Quote] = []
    # Comma-separated segments before the verb, nearest first: each its run of capitalised
    # words, the index of the run's first token and whether a lower-case position stands
    # before it ("anggota Komisi IX DPR Selly ...").
    segments: list[tuple[list[Token], int, str | None, bool]] = []
    end = j
    while len(segments) < 3:
        run, first, alias = _run_backward(toks, end)
        titled = first > 0 and toks[first - 1].low in ROLE_WORDS
        segments.append((run, first, alias, titled))
        if _segment_split(run, first, toks, titled) is not None:
            break
        k = first
        while k > 0 and toks[k - 1].is_word and not toks[k - 1].is_cap and first - k < 4:
            k -= 1  # the segment's lower-case words: "warga Desa Karangrejo"
        if k == 0 or toks[k - 1].text != ",":
            break
        end = k - 1
    found = None
    for n, (run, first, alias, titled) in enumerate(segments):
        if alias and alias.isupper() and len(alias) >= 3:
            return []  # "Badan ... Geofisika (BMKG) mengungkapkan": a body
        split = _segment_split(run, first, toks, titled)
        if split is None:
            continue
        title = split[0]
        if not title and n > 0 and segments[n - 1][0] and split_name(
                segments[n - 1][0], titled=segments[n - 1][3]) is None and not (
                segments[n - 1][1] > 0
                and toks[segments[n - 1][1] - 1].low in PLACE_PREPOSITIONS):
            title = _join(segments[n - 1][0])
        elif not title and first > 1 and toks[first - 1].text == "," and n == 0:
            # "Camat Baleendah, Agus Suherman, menyampaikan" (title before the comma)
            prev, _pf, _pa = _run_backward(toks, first - 1)
            if prev and split_name(prev) is None:
                title = _join(prev)
        found = (split, first, alias, title)
        break
    if found is None:
        return []
    (_t, name), first, alias, title = found
    # "Menteri Sosial Tri Rismaharini atau Risma menyatakan": the person is the first.
    if first >= 2 and toks[first - 1].low == "atau":
        prev, pfirst, _pa = _run_backward(toks, first - 1)
        ps = split_name(prev)
        if ps is not None:
            return [Quote(ps[1], ps[0], cue, toks[pfirst].start),
                    Quote(name, "", cue, toks[first].start, alias_of=ps[1])]
    # "Si Doel, sapaan Rano Karno, mengatakan": the person is the one after "sapaan".
    if first >= 1 and toks[first - 1].low in ("sapaan", "akrab"):
        quotes.append(Quote(name, "", cue, toks[first].start))
        return quotes
    quotes.append(Quote(name, title, cue, toks[first].start))
    if alias:
        quotes.append(Quote(alias, "", cue, toks[first].start, alias_of=name))
    # "Risma dan Romal Uli mengatakan": both speak.
    if first >= 2 and toks[first - 1].low == "dan":
        prev, pfirst, _pa = _run_backward(toks, first - 1)
        k = pfirst
        lowers = 0
        while k > 0 and not toks[k - 1].is_cap and toks[k - 1].is_word and lowers < 3:
            k -= 1
            lowers += 1
        ps = split_name(prev)
        if ps is not None:
            quotes.insert(0, Quote(ps[1], ps[0], cue, toks[pfirst].start))
    return quotes


def _before_cue_ok(toks: list[Token], i: int) -> bool:
    """Whether an ambiguous cue word (jelas, tegas, ...) stands where news writes a
    speaker tag: after a comma or a quotation's end."""
    return i > 0 and (toks[i - 1].text in {","} | _CLOSE_QUOTES)


def extract_quotes(text: str) -> list[Quote]:
    """The people quoted in `text`, in order, each once per sentence."""
    toks = tokenize(text)
    quotes: list[Quote] = []
    for i, tok in enumerate(toks):
        low = tok.low
        if low in VERBS_AFTER_SPEAKER or (low == "keterangannya" and i > 0
                                          and toks[i - 1].low == "dalam"):
            start = i - 1 if low == "keterangannya" else i
            if low == "keterangannya" and i + 1 < len(toks) and toks[i + 1].low in (
                    VERBS_AFTER_SPEAKER):
                continue
            quotes += _speaker_before(toks, start, low)
        elif low in VERBS_BEFORE_SPEAKER or low == "menurut" or low in PASSIVE_CUES:
            if _headline_word(toks, i):
                continue  # "Jaksa Ungkap Aliran Dana ...": a headline in title case
            if low == "menurut" or low in PASSIVE_CUES:
                if i + 1 < len(toks) and toks[i + 1].low in PRONOUNS:
                    continue
                quotes += _speaker_after(toks, i + 1, low)
                continue
            if low in AMBIGUOUS_BEFORE and not _before_cue_ok(toks, i):
                continue
            if i > 0 and toks[i - 1].low in ("yang", "dengan", "secara", "lebih", "sangat",
                                            "cukup", "sudah", "belum", "tidak", "harus"):
                continue
            quotes += _speaker_after(toks, i + 1, low)
    # one quote per person and sentence: "ujar Romal Uli dalam keterangannya" is one
    seen: set[tuple[str, str | None, int]] = set()
    out = []
    for q in quotes:
        key = (q.name, q.alias_of, _sentence_of(toks, q.start))
        if key not in seen:
            seen.add(key)
            out.append(q)
    return out


def _headline_word(toks: list[Token], i: int) -> bool:
    """Whether a cue word is capitalised inside its sentence (title case, as headlines are
    written: "Jaksa Ungkap Aliran Dana"), not at its start ("Menurut Risma, ...")."""
    if not toks[i].is_cap or i == 0:
        return False
    return toks[i - 1].text not in (".", "!", "?", ":", *_CLOSE_QUOTES, *_OPEN_QUOTES)


def _sentence_of(toks: list[Token], start: int) -> int:
    """How many sentence ends come before `start` (a sentence's number)."""
    return sum(1 for t in toks if t.start < start and t.text in (".", "!", "?"))


def quoted_names(text: str) -> list[str]:
    """The distinct names quoted in `text` (aliases given in the same breath left out:
    "Presiden Joko Widodo (Jokowi)" is one person), in order."""
    seen: list[str] = []
    for q in extract_quotes(text):
        if q.alias_of is None and q.name not in seen:
            seen.append(q.name)
    return seen

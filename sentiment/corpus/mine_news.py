"""Candidate passages for the news-tone set: real news sentences (NERP, kumparan) that
name an Indonesian public body and are likely positif or negatif toward it.

    python -m sentiment.corpus.mine_news SHARED_DIR OUT.csv

Development tool: it reads the external data in `../shared/data/sentiment/` (not shipped)
and writes candidates to label by hand (`data/README.md`, "enrichment"). Selection:
1. every sentence of 5-100 words in NERP (train, valid, test) and kumparan's NLP-ID file,
   its id `nerp-<file>-<n>` / `kumparan-<n>` (n: sentence number in the file);
2. it names a public body: the first match of `BODY` (ministries, agencies, police,
   military, courts, prosecutors, election bodies, legislatures, regional governments and
   offices, the Presidency and office titles), else the first holder of such an office
   named without title (`OFFICE`: Jokowi, Ahok, Susi, ...); the target is that name;
3. not already in the news-tone set, and no exact or near copy (character 5-gram Jaccard
   >= 0.5, or word Jaccard >= 0.5) of a news-tone passage, of an evaluation text (the
   demo's sample stories and clippings, the guide's examples) or of another candidate;
4. likely toned: a word of `POSITIVE` or `NEGATIVE` within the sentence, or the 2.0.0
   model's positif or negatif probability toward the target >= 0.25.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NEWS = REPO / "sentiment" / "data" / "news-tone"

_BODY_WORDS = (
    r"kementerian (?:[a-z]+ ){0,3}(?:sosial|kesehatan|agama|keuangan|dalam negeri|pertanian|"
    r"perhubungan|ketenagakerjaan|luar negeri|perindustrian|perdagangan|pariwisata|"
    r"pertahanan|pendidikan|kebudayaan|hukum|ham|bumn|esdm|pupr|pekerjaan umum|desa|"
    r"kelautan|perikanan|lingkungan hidup|kehutanan|komunikasi|informatika|pemuda|olahraga|"
    r"koperasi|agraria|sekretariat negara|riset|perencanaan|keuangan)|"
    r"menteri(?: (?:sosial|kesehatan|agama|keuangan|dalam negeri|pertanian|perhubungan|"
    r"ketenagakerjaan|luar negeri|perindustrian|perdagangan|pertahanan|pendidikan|"
    r"hukum dan ham|bumn|esdm|pupr|kelautan dan perikanan|sekretaris negara|koordinator))?|"
    r"men(?:sos|kes|ag|keu|dagri|tan|hub|aker|lu|perin|dag|pora|kumham|kominfo|pan|sesneg|"
    r"dikbud|ristekdikti|kopukm|parekraf|pupr|kopolhukam|koperekonomian)|"
    r"kemensos|kemenkes|kemenag|kemenkeu|kemendagri|kementan|kemenhub|kemnaker|kemlu|"
    r"kemendikbud|kemenpora|kemenkumham|kominfo|kemenpupr|kemendes|klhk|kkp|kemenkum|"
    r"presiden|wakil presiden|wapres|istana|setneg|sekretariat negara|"
    r"kpk|kpu(?:d)?|bawaslu|dkpp|dpr(?:d)?|mpr|bpk|bpkp|ombudsman|komnas ham|"
    r"mahkamah (?:agung|konstitusi)|mk|komisi yudisial|pengadilan (?:negeri|tinggi|agama|tipikor)|"
    r"pn [a-z]+|kejaksaan(?: (?:agung|tinggi|negeri))?|kejagung|kejati|kejari|jaksa agung|"
    r"polri|kepolisian|polisi|polda|polres(?:ta)?|polsek|kapolri|kapolda|kapolres(?:ta)?|"
    r"bareskrim|densus 88|brimob|satpol pp|satlantas|korlantas|"
    r"tni(?: a[du]| al)?|panglima tni|kodam|kodim|koramil|"
    r"bnn(?:p|k)?|bnpb|bpbd|basarnas|bmkg|bpom|bps|bpjs(?: kesehatan| ketenagakerjaan)?|"
    r"bulog|bppt|lipi|bkkbn|bkn|bssn|bnpt|ojk|bank indonesia|lpsk|ppatk|kpai|kpi|"
    r"pemerintah (?:provinsi|kabupaten|kota|pusat|daerah)|"
    r"pemprov|pemkab|pemkot|pemda|gubernur|bupati|wali ?kota|"
    r"dinas (?:[a-z]+ ){0,2}(?:sosial|kesehatan|pendidikan|perhubungan|kependudukan|"
    r"pekerjaan umum|tata kota|pertamanan|kebersihan|lingkungan hidup|pariwisata|pertanian|"
    r"perdagangan|pemadam kebakaran)|disdukcapil|dukcapil|dishub|dinkes|disdik|dinsos|"
    r"imigrasi|bea cukai|ditjen (?:pajak|pemasyarakatan|imigrasi|bea dan cukai)|"
    r"direktorat jenderal (?:pajak|pemasyarakatan|imigrasi|bea dan cukai)|lapas|rutan|"
    r"pemerintah|samsat"
)
BODY = re.compile(r"(?<!\w)(?:" + _BODY_WORDS + r")(?!\w)", re.IGNORECASE)
# Holders of public offices in the years the sources cover (2009-2019), named without
# their title: the tone toward them in their office is tone toward the body they lead
# (`target_type` office).
_OFFICE_HOLDERS = (
    r"jokowi|joko widodo|sby|susilo bambang yudhoyono|jusuf kalla|jk|ma'ruf amin|"
    r"ahok|basuki tjahaja purnama|anies(?: baswedan)?|sandiaga(?: uno)?|djarot|"
    r"risma|tri rismaharini|ridwan kamil|ganjar(?: pranowo)?|khofifah|"
    r"susi pudjiastuti|sri mulyani|tito(?: karnavian)?|gatot nurmantyo|hadi tjahjanto|"
    r"budi gunawan|agus rahardjo|novel baswedan|setya novanto|setnov|fadli zon|fahri hamzah|"
    r"luhut(?: binsar pandjaitan)?|puan(?: maharani)?|ignasius jonan|jonan|rini soemarno|"
    r"enggartiasto(?: lukita)?|amran sulaiman|budi karya(?: sumadi)?|basuki hadimuljono|"
    r"yasonna(?: laoly)?|tjahjo kumolo|lukman hakim(?: saifuddin)?|nila moeloek|"
    r"muhadjir(?: effendy)?|retno marsudi|wiranto|ryamizard(?: ryacudu)?|"
    r"hm prasetyo|arief budiman|rudiantara|hanif dhakiri|bambang soesatyo|bamsoet|"
    r"zulkifli hasan|idrus marham|imam nahrawi|khofifah indar parawansa|"
    r"nurdin abdullah|bima arya|aher|ahmad heryawan|edy rahmayadi|azwar anas|"
    r"abraham samad|bibit samad|chandra hamzah|antasari|saut situmorang|laode|basaria"
)
OFFICE = re.compile(r"(?<!\w)(?:" + _OFFICE_HOLDERS + r")(?!\w)", re.IGNORECASE)
# Words that make a sentence about a body likely toned toward it (stems, matched as word
# prefixes). Chosen from the labelling guide's signals and common news vocabulary.
POSITIVE = (
    "apresiasi", "mengapresiasi", "diapresiasi", "berhasil", "keberhasilan", "sukses",
    "prestasi", "penghargaan", "meraih", "menyabet", "juara", "terbaik", "memuji", "dipuji",
    "pujian", "bangga", "salut", "sigap", "cepat tanggap", "tanggap", "membantu", "bantuan",
    "menyelamatkan", "mengevakuasi", "dukung", "mendukung", "dukungan", "berterima kasih",
    "terima kasih", "puas", "kepuasan", "meningkat", "peningkatan", "membaik", "berkomitmen",
    "komitmen", "transparan", "inovasi", "terobosan", "gebrakan", "wtp", "membongkar",
    "menggagalkan", "mengungkap", "menangkap", "meringkus", "membekuk", "memudahkan",
    "kemudahan", "gratis", "melindungi", "peduli", "kepedulian", "positif", "layak",
    "berprestasi", "teladan", "hebat", "luar biasa", "tegas", "serius", "berani",
)
NEGATIVE = (
    "dikritik", "kritik", "mengkritik", "dikeluhkan", "keluhan", "mengeluh", "mengeluhkan",
    "diduga", "dugaan", "tersangka", "terdakwa", "korupsi", "suap", "pungli", "gratifikasi",
    "maladministrasi", "lamban", "lambat", "mangkrak", "salah sasaran", "kecewa", "gagal",
    "kegagalan", "buruk", "lemah", "melemahkan", "menyalahgunakan", "penyalahgunaan",
    "pelanggaran", "melanggar", "kecurangan", "curang", "menyesalkan", "disesalkan",
    "dikecam", "mengecam", "kecaman", "protes", "menolak", "penolakan", "digugat", "gugatan",
    "dilaporkan", "melaporkan", "menuding", "tudingan", "dituding", "dituduh", "tuduhan",
    "menyalahkan", "tidak becus", "tak becus", "tidak profesional", "arogan", "sewenang",
    "kekerasan", "menganiaya", "penganiayaan", "ditahan", "ditangkap", "diperiksa",
    "penyimpangan", "kerugian negara", "temuan", "boros", "pemborosan", "kontroversi",
    "polemik", "bobrok", "mundur", "desak", "mendesak", "tuntut", "menuntut", "ricuh",
    "amburadul", "carut", "lalai", "kelalaian", "kebocoran", "bocor", "tidak transparan",
    "diskriminasi", "intimidasi", "represif", "main hakim", "tebang pilih", "kriminalisasi",
)
_CUE = {
    label: re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")",
                      re.IGNORECASE)
    for label, words in (("positif", POSITIVE), ("negatif", NEGATIVE))
}


def sentences(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(sentence number, tokens) of a CoNLL-like file: token TAB tag, blank line between."""
    tokens: list[str] = []
    number = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if tokens:
                yield number, tokens
                number += 1
                tokens = []
            continue
        tokens.append(line.split("\t")[0])
    if tokens:
        yield number, tokens


def detokenize(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = re.sub(r" ([.,;:!?%)\]])", r"\1", text)
    text = re.sub(r"([(\[]) ", r"\1", text)
    text = re.sub(r'" (.*?) "', r'"\1"', text)
    return text


def news_sentences(shared: Path) -> Iterator[tuple[str, str, str]]:
    """(id, text, source) of every news sentence."""
    for part in ("train", "valid", "test"):
        for n, tokens in sentences(shared / "nerp" / f"{part}_preprocess.txt"):
            yield f"nerp-{part}-{n:06d}", detokenize(tokens), "nerp"
    for n, tokens in sentences(shared / "kumparan-news" / "dataset_postag.txt"):
        yield f"kumparan-{n:06d}", detokenize(tokens), "kumparan"


def shingles(text: str) -> set[str]:
    norm = " ".join(re.findall(r"\w+", text.casefold()))
    return {norm[i : i + 5] for i in range(max(len(norm) - 4, 1))}


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _probe(elements: set[str], postings: dict[str, list[int]]) -> list[str]:
    """The elements a look-up must probe so that no set with a Jaccard index >= 0.5 is missed.

    Jaccard(a, b) >= 0.5 means |a & b| >= |a | b| / 2 >= |a| / 2, so b holds at least one of
    any |a| - ceil(|a| / 2) + 1 elements of a (prefix filtering). The rarest are taken: the
    fewest candidates to read.
    """
    needed = len(elements) - (len(elements) + 1) // 2 + 1
    return sorted(elements, key=lambda e: len(postings.get(e, ())))[:needed]


def _near_in(elements: set[str], postings: dict[str, list[int]],
             sets: list[set[str]]) -> int | None:
    """The first indexed set with a Jaccard index >= 0.5 with `elements`, or None.

    Jaccard(a, b) >= 0.5 means |a & b| >= (|a| + |b|) / 3. Of a's elements, the ones not
    probed (`_probe`) can give at most |a| - len(probed) of them, so b must be found among
    the probed ones' postings at least (|a| + |b|) / 3 - (|a| - len(probed)) times: a count
    that rules out most candidates before any set is compared.
    """
    probed = _probe(elements, postings)
    unprobed = len(elements) - len(probed)
    hits = Counter(chain.from_iterable(postings.get(e, ()) for e in probed))
    for index, count in hits.items():
        other = sets[index]
        if 3 * (count + unprobed) >= len(elements) + len(other) and \
                3 * len(elements & other) >= len(elements) + len(other):
            return index
    return None


class NearIndex:
    """Near-duplicate look-up, exact: `near` finds an indexed text whose character 5-grams
    or (texts of 5 words or more) words have a Jaccard index >= 0.5 with the text asked
    about, if there is one (`_near_in`)."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.gram_sets: list[set[str]] = []
        self.word_sets: list[set[str]] = []
        self.grams: dict[str, list[int]] = {}
        self.words: dict[str, list[int]] = {}

    def add(self, key: str, text: str) -> None:
        index = len(self.keys)
        self.keys.append(key)
        for elements, sets, postings in ((shingles(text), self.gram_sets, self.grams),
                                         (words(text), self.word_sets, self.words)):
            sets.append(elements)
            for element in elements:
                postings.setdefault(element, []).append(index)

    def near(self, text: str) -> str | None:
        found = _near_in(shingles(text), self.grams, self.gram_sets)
        if found is None:
            ws = words(text)
            if len(ws) >= 5:
                found = _near_in(ws, self.words, self.word_sets)
        return None if found is None else self.keys[found]


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def evaluation_texts() -> Iterator[tuple[str, str]]:
    sample = REPO / "collectors" / "sample"
    for story in json.loads((sample / "stories.json").read_text(encoding="utf-8")):
        yield f"sample:{story['slug']}", story["title"]
        for i, para in enumerate(story.get("paras", [])):
            for j, sentence in enumerate(re.split(r"(?<=[.!?])\s+", para)):
                yield f"sample:{story['slug']}:{i}:{j}", sentence
    for name in ("kliping.csv", "expected-tones.csv"):
        with (sample / name).open(encoding="utf-8") as handle:
            for i, row in enumerate(csv.DictReader(handle)):
                for key, value in row.items():
                    if value and len(value.split()) >= 5:
                        yield f"{name}:{i}:{key}", value
    # The posts, the TV transcript and the scanned page the demo collects: every string
    # of the sample's social-media answers, every cue of the transcript, the scan's text.
    for path in sorted((sample / "site").glob("*/**/*.json")):
        for i, value in enumerate(_strings(json.loads(path.read_text(encoding="utf-8")))):
            text = re.sub(r"<[^>]+>", " ", value)
            if len(text.split()) >= 5:
                yield f"{path.relative_to(sample).as_posix()}:{i}", text
    srt = (sample / "siaran-tv-nusantara.srt").read_text(encoding="utf-8")
    for i, line in enumerate(srt.splitlines()):
        if len(line.split()) >= 5 and "-->" not in line:
            yield f"siaran:{i}", line
    from collectors.demo import SCAN_BODY, SCAN_TITLE

    yield "pindaian:judul", SCAN_TITLE
    for i, sentence in enumerate(re.split(r"(?<=[.!?])\s+", SCAN_BODY)):
        yield f"pindaian:{i}", sentence
    guide = REPO / "tests" / "sentiment" / "fixtures" / "guide-examples.csv"
    with guide.open(encoding="utf-8") as handle:
        for i, row in enumerate(csv.DictReader(handle)):
            yield f"guide:{i}", row["text"]


def main() -> None:
    shared, out = Path(sys.argv[1]), Path(sys.argv[2])
    sys.path.insert(0, str(REPO))
    from sentiment.classifier import LinearClassifier
    from sentiment.registry import BUNDLED_DIR
    from sentiment.targets import marked_text

    known = NearIndex()
    known_ids: set[str] = set()
    for name in ("train", "valid", "test", "written"):
        with (NEWS / f"{name}.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                known.add(f"news:{row['id']}", row["text"])
                known_ids.add(row["id"])
    for key, text in evaluation_texts():
        known.add(key, text)

    rows = []
    for sid, text, source in news_sentences(shared):
        n_words = len(text.split())
        if sid in known_ids or not 5 <= n_words <= 100:
            continue
        body = BODY.search(text)
        kind = "institution"
        if body is None:
            body = OFFICE.search(text)
            kind = "office"
        if body is None:
            continue
        rows.append({"id": sid, "text": text, "target": body.group(0), "source": source,
                     "target_type": kind})
    print(f"{len(rows)} sentences name a body", file=sys.stderr)
    model = LinearClassifier.from_folder(BUNDLED_DIR)
    predictions = model.predict([marked_text(r["text"], r["target"]) for r in rows])
    kept, seen = [], NearIndex()
    dropped = {"known": 0, "copy": 0, "untoned": 0}
    for row, prediction in zip(rows, predictions, strict=True):
        cues = {label: sorted({m.group(0).lower() for m in rx.finditer(row["text"])})
                for label, rx in _CUE.items()}
        p = prediction.probabilities
        if not (cues["positif"] or cues["negatif"] or max(p["positif"], p["negatif"]) >= 0.25):
            dropped["untoned"] += 1
            continue
        if known.near(row["text"]):
            dropped["known"] += 1
            continue
        if seen.near(row["text"]):
            dropped["copy"] += 1
            continue
        seen.add(row["id"], row["text"])
        kept.append({**row, "cues_pos": " ".join(cues["positif"]),
                     "cues_neg": " ".join(cues["negatif"]),
                     "p_pos": f"{p['positif']:.3f}", "p_neg": f"{p['negatif']:.3f}"})
    print(f"kept {len(kept)}; dropped {dropped}", file=sys.stderr)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(kept[0]))
        writer.writeheader()
        writer.writerows(kept)


if __name__ == "__main__":
    main()

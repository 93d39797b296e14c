"""TV and radio monitoring from transcripts: SRT, WebVTT or plain text with times.

A monitoring desk (or a vendor) delivers what was said on air as a subtitle file or a timed
text; Pantau stores one mention per programme airing (channel, programme, air time) for every
profile the transcript mentions, with the passages that name the institution as evidence,
each prefixed by its time in the programme (`[00:12:30] ...`), so an analyst can find the
moment in the recording. Importing the same transcript of the same airing again stores
nothing twice.

A recording (WAV, or MP3/M4A/... with ffmpeg) is turned into timed text by speech-to-text
(`collectors.speech`, the optional Whisper backend, `[speech]` section) and stored the same
way; its mention records that its text came from a model.

Plain text accepts one cue per line with a leading time: `07:15 ...` (a clock time, HH:MM),
`[07:15:30] ...`, `00:12:30.5 - ...`; lines without a time continue the previous cue.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from collectors.config import MonitoringConfig, SpeechConfig
from collectors.dedup import content_hash
from collectors.manual import add_own_story, import_scope, is_stored
from collectors.models import Match, Mention
from collectors.query import parse_query, words
from collectors.speech import is_audio, transcribe
from pantau.core.db import session_scope
from pantau.core.errors import InputError
from pantau.core.timeutil import JAKARTA, utcnow

BROADCAST_SOURCE = "Transkrip siaran"
BROADCAST_MEDIA = ("televisi", "radio")
_TIME = r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?"
_CUE_TIMES = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}")
_LINE_TIME = re.compile(rf"^\s*\[?{_TIME}\]?\s*(?:[-–:]\s*)?(.*)$")
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Cue:
    start: timedelta
    text: str


@dataclass
class TranscriptImportResult:
    file: str
    cues: int
    new: int  # mentions stored (one per matched profile, or one unmatched)
    duplicate: bool
    passages: int


def _offset(groups: tuple[str | None, ...]) -> timedelta:
    hours, minutes, seconds, fraction = groups
    millis = int((fraction or "0").ljust(3, "0")[:3])
    return timedelta(hours=int(hours or 0), minutes=int(minutes or 0), seconds=int(seconds or 0),
                     milliseconds=millis)


def _clean(text: str) -> str:
    return " ".join(_TAGS.sub("", text).split())


def parse_transcript(text: str, *, name: str = "transkrip") -> list[Cue]:
    """Cues of an SRT or WebVTT file, or of plain text with a time at the start of lines."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    cues: list[Cue] = []
    if any(_CUE_TIMES.match(line) for line in lines):
        start: timedelta | None = None
        body: list[str] = []
        for line in [*lines, ""]:
            timing = _CUE_TIMES.match(line)
            if timing:
                start, body = _offset(timing.groups()[:4]), []
            elif not line.strip():
                if start is not None and body:
                    cues.append(Cue(start, _clean(" ".join(body))))
                start, body = None, []
            elif start is not None:
                body.append(line)
    else:
        for line in lines:
            timed = _LINE_TIME.match(line)
            if timed and timed.group(5).strip():
                hours, minutes, seconds, fraction = timed.groups()[:4]
                if hours is None:  # a monitor's note "07:15" is a clock time, HH:MM
                    hours, minutes, seconds = minutes, seconds, "0"
                cues.append(Cue(_offset((hours, minutes, seconds, fraction)),
                                _clean(timed.group(5))))
            elif line.strip() and cues:
                last = cues[-1]
                cues[-1] = Cue(last.start, _clean(f"{last.text} {line}"))
    cues = [c for c in cues if c.text]
    if not cues:
        raise InputError(f"{name}: tidak ada teks bertanda waktu; gunakan SRT, WebVTT, atau "
                         "teks dengan waktu di awal baris (mis. '[00:12:30] ...').")
    return cues


def _stamp(offset: timedelta) -> str:
    total = int(offset.total_seconds())
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


# Cues of one stretch of air time follow each other closely; a cue that starts minutes
# after its neighbour is another item of the programme, never its context.
SAME_STRETCH = timedelta(seconds=30)


def timed_passages(cues: list[Cue], terms: list[str], *, context: int = 1) -> list[str]:
    """The stretches of air time around each cue that says one of `terms`: the cue with
    up to `context` cues before and after within the same stretch (`SAME_STRETCH`),
    prefixed by the time the stretch starts."""
    wanted = [words(t) for t in terms]
    hits = [i for i, cue in enumerate(cues)
            if any(_contains(words(cue.text), w) for w in wanted)]

    def close(i: int) -> bool:  # cue i and cue i + 1 are one stretch
        return cues[i + 1].start - cues[i].start <= SAME_STRETCH

    spans: list[tuple[int, int]] = []
    for i in hits:
        lo, hi = i, i
        while lo > max(0, i - context) and close(lo - 1):
            lo -= 1
        while hi < min(len(cues) - 1, i + context) and close(hi):
            hi += 1
        if spans and (lo <= spans[-1][1] or (lo == spans[-1][1] + 1 and close(spans[-1][1]))):
            spans[-1] = (spans[-1][0], max(hi, spans[-1][1]))
        else:
            spans.append((lo, hi))
    return [f"[{_stamp(cues[lo].start)}] " + " ".join(c.text for c in cues[lo:hi + 1])
            for lo, hi in spans]


def _airing_key(channel: str, programme: str, aired_at: datetime) -> str:
    raw = f"{channel.casefold()}|{programme.casefold()}|{aired_at.astimezone(UTC):%Y-%m-%dT%H:%M}"
    return "siaran:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def import_transcript(path: Path, *, config: MonitoringConfig, channel: str, programme: str,
                      aired_at: datetime, media_type: str = "televisi",
                      profile: str | None = None,
                      speech: SpeechConfig | None = None) -> TranscriptImportResult:
    """Store the transcript of one airing as a TV/radio mention (see the module docstring).
    `aired_at` without zone is WIB (the broadcaster's clock). A recording (an audio file)
    is transcribed with the `[speech]` model first; `speech` None means no model set."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"Berkas tidak ditemukan: {path}")
    if media_type not in BROADCAST_MEDIA:
        raise InputError(f"Jenis media siaran '{media_type}' tidak dikenal: televisi atau radio.")
    channel, programme = channel.strip(), programme.strip()
    if not channel or not programme:
        raise InputError("Nama stasiun (--channel) dan acara (--programme) wajib diisi.")
    aired = aired_at.replace(tzinfo=JAKARTA) if aired_at.tzinfo is None else aired_at
    key = _airing_key(channel, programme, aired)
    extra: dict[str, str] = {}
    if is_audio(path):
        with session_scope() as session:  # a long recording is not transcribed twice
            if is_stored(session, key):
                return TranscriptImportResult(path.name, 0, 0, True, 0)
        speech = speech or SpeechConfig()
        cues = [Cue(start, text) for start, text in transcribe(path, speech=speech)]
        if not cues:
            raise InputError(f"{path.name}: model tidak mengenali ucapan apa pun pada rekaman.")
        extra = {"teks": "pengenalan ucapan", "model_ucapan": Path(speech.model or "").name}
    else:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path.name}: bukan teks UTF-8 (simpan ulang sebagai UTF-8)."
                             ) from exc
        cues = parse_transcript(text, name=path.name)
    title = f"{programme} ({channel}, {aired.astimezone(JAKARTA):%d-%m-%Y %H:%M} WIB)"
    body = "\n".join(f"[{_stamp(c.start)}] {c.text}" for c in cues)

    with session_scope() as session:
        if is_stored(session, key):
            return TranscriptImportResult(path.name, len(cues), 0, True, 0)
        source, profiles = import_scope(session, config=config, source_name=BROADCAST_SOURCE,
                                        kind="transcript", media_type=media_type,
                                        profile=profile)
        mention = Mention(
            url_key=key, url=None, title=title, text=body, summary=None,
            outlet=channel[:300], media_type=media_type, language="id",
            published_at=aired.astimezone(UTC), source_id=source.id,
            content_hash=content_hash(title, body),
            extra={"program": programme, "kanal": channel, "berkas": path.name,
                   "waktu_siar": aired.astimezone(JAKARTA).isoformat(), **extra},
        )
        mention_id = add_own_story(session, mention)
        passages_total = 0
        for prof in profiles:
            result = parse_query(prof.query).match("", " ".join(c.text for c in cues))
            if result is None:
                continue
            passages = timed_passages(cues, result.terms)
            passages_total += len(passages)
            session.add(Match(mention_id=mention_id, profile_id=prof.id or 0,
                              published_at=mention.published_at,
                              matched_terms=result.terms, passages=passages))
        source.items_total += 1
        source.last_run_at = source.last_success_at = utcnow()
        session.add(source)
    return TranscriptImportResult(path.name, len(cues), 1, False, passages_total)

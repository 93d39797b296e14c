"""Speech-to-text of TV and radio recordings with a Whisper model kept in a local folder.

Optional: it needs the extra `pantau[transformers]` (torch, transformers) and a Whisper model
saved in the transformers format (`config.json`, the weights, the processor's files, e.g.
`openai/whisper-small` fetched once elsewhere and copied over with `save_pretrained`), named
by `[speech] model`. The model is loaded with `local_files_only`: nothing is downloaded
while Pantau runs. Without the extra or the folder, an audio import stops with an
Indonesian message saying what to install or configure.

A recording is read as 16 kHz mono: WAV by scipy (PCM or float, any rate, resampled), any
other format through `ffmpeg` when it is installed. It is cut into pieces of
`[speech] segment_seconds` (Whisper reads at most 30 s at once); each piece's text becomes
one cue starting at the piece's offset, so the passages that mention the institution carry
their time in the recording as a transcript file's cues do. Silent pieces are skipped.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

from collectors.config import SpeechConfig
from pantau.core.errors import ConfigError, InputError

SAMPLE_RATE = 16_000
AUDIO_TYPES = (".wav", ".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac", ".wma",
               ".mp4", ".mkv", ".ts", ".webm")
SILENCE = 1e-3  # a piece whose RMS level is below this (about -60 dBFS) is silence
DECODE_TIMEOUT_S = 600
_MODELS: dict[tuple[str, str], tuple[Any, Any, Any]] = {}

HOW_TO = ("Untuk membaca rekaman, pasang paket tambahan (pip install 'pantau[transformers]') "
          "dan isi [speech] model = \"/folder/model-whisper\" di konfigurasi: folder model "
          "Whisper format transformers yang sudah disalin ke komputer ini (Pantau tidak "
          "mengunduh model saat berjalan). Atau impor transkripnya (SRT, WebVTT, teks bertanda "
          "waktu).")


def is_audio(path: Path) -> bool:
    return Path(path).suffix.lower() in AUDIO_TYPES


def _to_float(data: np.ndarray) -> np.ndarray:
    if data.dtype == np.uint8:
        out = (data.astype(np.float32) - 128.0) / 128.0
    elif np.issubdtype(data.dtype, np.integer):
        out = data.astype(np.float32) / float(np.iinfo(data.dtype).max + 1)
    else:
        out = data.astype(np.float32)
    if out.ndim == 2:
        out = out.mean(axis=1)
    return np.clip(out, -1.0, 1.0)


def _resample(audio: np.ndarray, rate: int) -> np.ndarray:
    if rate == SAMPLE_RATE:
        return audio
    from math import gcd

    from scipy.signal import resample_poly

    g = gcd(rate, SAMPLE_RATE)
    return resample_poly(audio, SAMPLE_RATE // g, rate // g).astype(np.float32)


def read_audio(path: Path) -> np.ndarray:
    """The recording as float32 samples in [-1, 1], mono, 16 kHz."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"Berkas tidak ditemukan: {path}")
    if path.suffix.lower() == ".wav":
        from scipy.io import wavfile

        try:
            rate, data = wavfile.read(path)
        except (ValueError, OSError) as exc:
            if shutil.which("ffmpeg") is None:
                raise InputError(f"{path.name}: berkas WAV tidak dapat dibaca ({exc}); simpan "
                                 "ulang sebagai WAV PCM 16-bit.") from exc
        else:
            return _resample(_to_float(np.asarray(data)), int(rate))
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise InputError(f"{path.name}: format {path.suffix or '(tanpa akhiran)'} dibaca "
                         "dengan program ffmpeg yang belum terpasang (apt-get install ffmpeg); "
                         "atau ubah rekaman ke WAV.")
    try:
        done = subprocess.run(
            [ffmpeg, "-nostdin", "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1",
             "-ar", str(SAMPLE_RATE), "-"],
            capture_output=True, timeout=DECODE_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as exc:
        raise InputError(f"{path.name}: pembacaan rekaman melebihi {DECODE_TIMEOUT_S} "
                         "detik.") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise InputError(f"{path.name}: rekaman tidak dapat dibaca ({detail[0]}).")
    return np.frombuffer(done.stdout, dtype=np.int16).astype(np.float32) / 32768.0


def _model_folder(speech: SpeechConfig, name: str) -> Path:
    if not speech.model:
        raise ConfigError(f"{name}: rekaman siaran perlu pengenalan ucapan, tetapi [speech] "
                          f"model belum diisi. {HOW_TO}")
    folder = Path(speech.model).expanduser()
    if not (folder / "config.json").is_file():
        raise ConfigError(f"[speech] model: folder '{folder}' tidak berisi model (config.json "
                          f"tidak ada). {HOW_TO}")
    return folder


def _load(folder: Path, device: str) -> tuple[Any, Any, Any]:
    key = (str(folder.resolve()), device)
    if key in _MODELS:
        return _MODELS[key]
    try:
        # deferred: torch and transformers are an optional extra and slow to import
        import torch
        import transformers
    except ImportError as exc:
        raise ConfigError("Pengenalan ucapan memerlukan paket tambahan: "
                          f"pip install 'pantau[transformers]'. {HOW_TO}") from exc
    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    try:
        processor = transformers.WhisperProcessor.from_pretrained(folder, local_files_only=True)
        model = transformers.WhisperForConditionalGeneration.from_pretrained(
            folder, local_files_only=True)
    except (OSError, ValueError, TypeError) as exc:
        raise ConfigError(f"[speech] model: model Whisper di '{folder}' tidak dapat dimuat: "
                          f"{exc}") from exc
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    model = model.to(torch.device(device))  # type: ignore[arg-type]
    model.eval()
    _MODELS[key] = (torch, processor, model)
    return _MODELS[key]


def _pieces(audio: np.ndarray, seconds: float) -> list[tuple[float, np.ndarray]]:
    step = int(seconds * SAMPLE_RATE)
    pieces = [(start / SAMPLE_RATE, audio[start:start + step])
              for start in range(0, len(audio), step)]
    return [(start, samples) for start, samples in pieces
            if samples.size and float(np.sqrt(np.mean(np.square(samples)))) >= SILENCE]


def transcribe(path: Path, *, speech: SpeechConfig) -> list[tuple[timedelta, str]]:
    """(offset, text) of each non-silent piece of the recording, in order."""
    path = Path(path)
    folder = _model_folder(speech, path.name)
    torch, processor, model = _load(folder, speech.device)
    audio = read_audio(path)
    pieces = _pieces(audio, speech.segment_seconds)
    if not pieces:
        raise InputError(f"{path.name}: rekaman kosong atau hening; tidak ada yang dapat "
                         "ditranskripsikan.")
    # Room for the prompt tokens (start, language, task, no-timestamps) in the decoder.
    max_new = max(8, int(model.config.max_target_positions) - 8)
    out: list[tuple[timedelta, str]] = []
    for first in range(0, len(pieces), speech.batch_size):
        batch = pieces[first:first + speech.batch_size]
        features = processor.feature_extractor(
            [samples for _, samples in batch], sampling_rate=SAMPLE_RATE,
            return_tensors="pt").input_features.to(model.device)
        try:
            with torch.inference_mode():
                ids = model.generate(features, language=speech.language, task="transcribe",
                                     max_new_tokens=max_new)
        except ValueError as exc:  # e.g. a language the model does not know
            raise ConfigError(f"[speech] model '{folder}': {exc}") from exc
        texts = processor.batch_decode(ids, skip_special_tokens=True)
        out += [(timedelta(seconds=round(start, 3)), " ".join(text.split()))
                for (start, _), text in zip(batch, texts, strict=True)]
    return [(start, text) for start, text in out if text]

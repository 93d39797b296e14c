"""Speech-to-text of broadcast recordings: audio reading, the Indonesian notes when the
extra or the model folder is missing, and the real Whisper code path end to end with a tiny
Whisper built and trained here (two tones taught to say two sentences; no download)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy.io import wavfile
from sqlmodel import select

from collectors import speech
from collectors.config import SpeechConfig
from collectors.models import Match, Mention
from pantau.core.db import session_scope
from pantau.core.errors import ConfigError, InputError

RATE = 16_000
SECONDS = 5.0  # the shortest piece [speech] segment_seconds allows
LOW, HIGH = 440.0, 1760.0
SAYS = {LOW: " berita cuaca cerah", HIGH: " kemensos salurkan bansos"}
CONFIG = """
[institution]
name = "Kementerian Sosial"

[[profiles]]
name = "kemensos"
query = '"Kementerian Sosial" OR Kemensos'
"""


def _tone(freq: float, seconds: float = SECONDS, rate: int = RATE) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (0.5 * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def _recording(path: Path, rate: int = 8000) -> Path:
    """Low tone, high tone, then silence; 16-bit stereo at 8 kHz (read, downmixed and
    resampled to 16 kHz mono by Pantau)."""
    mono = np.concatenate([_tone(LOW, rate=rate), _tone(HIGH, rate=rate),
                           np.zeros(int(SECONDS * rate), dtype=np.float32)])
    stereo = np.stack([mono, mono], axis=1)
    wavfile.write(path, rate, (stereo * 32767).astype(np.int16))
    return path


def test_wav_is_read_as_16k_mono_float(tmp_path: Path) -> None:
    wav = _recording(tmp_path / "siaran.wav")
    audio = speech.read_audio(wav)
    assert audio.dtype == np.float32 and audio.ndim == 1
    assert len(audio) == int(3 * SECONDS * RATE)
    assert 0.45 < float(np.abs(audio).max()) <= 0.51
    eight_bit = tmp_path / "u8.wav"
    wavfile.write(eight_bit, RATE, np.full(RATE, 192, dtype=np.uint8))
    assert speech.read_audio(eight_bit)[0] == pytest.approx(0.5)
    floats = tmp_path / "f32.wav"
    wavfile.write(floats, 48_000, _tone(LOW, 1.0, 48_000))
    assert len(speech.read_audio(floats)) == RATE
    pieces = speech._pieces(speech.read_audio(wav), SECONDS)
    assert [start for start, _ in pieces] == [0.0, SECONDS]  # the silent piece is skipped


def test_missing_model_or_decoder_says_what_to_do(cli_runner: Any, write_config: Any,
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(CONFIG)
    wav = _recording(tmp_path / "siaran.wav")
    args = ["clippings", "transcript", str(wav), "--channel", "RRI", "--programme", "Warta",
            "--aired", "2026-11-05 07:00", "--media-type", "radio"]
    out = cli_runner(args, expect_ok=False)
    assert out.exit_code != 0
    assert "[speech] model belum diisi" in out.output
    assert "pip install 'pantau[transformers]'" in out.output
    assert "tidak mengunduh model" in out.output
    with pytest.raises(ConfigError, match="tidak berisi model"):
        speech.transcribe(wav, speech=SpeechConfig(model=str(tmp_path)))
    monkeypatch.setattr(speech.shutil, "which", lambda name: None)
    mp3 = tmp_path / "siaran.mp3"
    mp3.write_bytes(b"ID3" + bytes(100))
    with pytest.raises(InputError, match=r"ffmpeg yang belum terpasang \(apt-get install ffmpeg\)"):
        speech.read_audio(mp3)
    with session_scope() as s:
        assert s.exec(select(Mention)).all() == []


@pytest.fixture(scope="module")
def tiny_whisper(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Whisper of a few thousand weights with its own byte-level BPE vocabulary, trained
    until the low tone says SAYS[LOW] and the high tone SAYS[HIGH], saved as a model folder."""
    torch = pytest.importorskip("torch", reason="torch tidak terpasang (extra [transformers])")
    transformers = pytest.importorskip("transformers",
                                       reason="transformers tidak terpasang (extra [transformers])")
    from transformers.convert_slow_tokenizer import bytes_to_unicode

    folder = tmp_path_factory.mktemp("tiny-whisper")
    vocab = {ch: i for i, ch in enumerate(bytes_to_unicode().values())}
    merges: list[tuple[str, str]] = []
    for word in " ".join(SAYS.values()).split():
        current = "Ġ"  # the byte-level BPE's mark of a leading space
        for ch in word:
            joined = current + ch
            if joined not in vocab:
                vocab[joined] = len(vocab)
                merges.append((current, ch))
            current = joined
    specials = ["<|endoftext|>", "<|startoftranscript|>", "<|en|>", "<|id|>", "<|translate|>",
                "<|transcribe|>", "<|startoflm|>", "<|startofprev|>", "<|nospeech|>",
                "<|notimestamps|>"]
    for token in specials:
        vocab[token] = len(vocab)
    tokenizer = transformers.WhisperTokenizer(vocab=vocab, merges=merges,
                                              pad_token="<|endoftext|>")
    tokenizer.add_special_tokens({"additional_special_tokens": specials[1:]})
    extractor = transformers.WhisperFeatureExtractor(feature_size=80)
    processor = transformers.WhisperProcessor(feature_extractor=extractor, tokenizer=tokenizer)
    eos = vocab["<|endoftext|>"]
    prompt = [vocab[t] for t in ("<|startoftranscript|>", "<|id|>", "<|transcribe|>",
                                 "<|notimestamps|>")]
    config = transformers.WhisperConfig(
        vocab_size=len(vocab), num_mel_bins=80, d_model=32, encoder_layers=1, decoder_layers=1,
        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=64,
        decoder_ffn_dim=64, max_source_positions=1500, max_target_positions=32,
        pad_token_id=eos, bos_token_id=eos, eos_token_id=eos, decoder_start_token_id=prompt[0],
        suppress_tokens=[], begin_suppress_tokens=[])
    torch.manual_seed(0)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny tensors: one thread is fastest on a busy machine
    model = transformers.WhisperForConditionalGeneration(config)
    features = extractor([_tone(f) for f in SAYS], sampling_rate=RATE,
                         return_tensors="pt").input_features
    sequences = [prompt + tokenizer.encode(text, add_special_tokens=False) + [eos]
                 for text in SAYS.values()]
    width = max(map(len, sequences))
    inputs = torch.tensor([s[:-1] + [eos] * (width - len(s)) for s in sequences])
    targets = torch.tensor([s[1:] + [-100] * (width - len(s)) for s in sequences])
    optimizer = torch.optim.AdamW(model.parameters(), lr=0.01)
    for _ in range(70):
        optimizer.zero_grad()
        logits = model(input_features=features, decoder_input_ids=inputs).logits
        torch.nn.functional.cross_entropy(logits.reshape(-1, len(vocab)), targets.reshape(-1),
                                          ignore_index=-100).backward()
        optimizer.step()
    torch.set_num_threads(threads)
    model.generation_config = transformers.GenerationConfig(
        decoder_start_token_id=prompt[0], eos_token_id=eos, pad_token_id=eos,
        lang_to_id={"<|en|>": vocab["<|en|>"], "<|id|>": vocab["<|id|>"]},
        task_to_id={"transcribe": vocab["<|transcribe|>"], "translate": vocab["<|translate|>"]},
        no_timestamps_token_id=vocab["<|notimestamps|>"], is_multilingual=True, max_length=32,
        suppress_tokens=[], begin_suppress_tokens=[])
    model.save_pretrained(folder)
    processor.save_pretrained(folder)
    return folder


@pytest.mark.slow
def test_recording_is_transcribed_with_times(tiny_whisper: Path, tmp_path: Path) -> None:
    wav = _recording(tmp_path / "siaran.wav")
    said = speech.transcribe(wav, speech=SpeechConfig(model=str(tiny_whisper),
                                                      segment_seconds=SECONDS))
    assert said == [(timedelta(0), "berita cuaca cerah"),
                    (timedelta(seconds=SECONDS), "kemensos salurkan bansos")]
    with pytest.raises(ConfigError, match="xx"):  # a language the model does not know
        speech.transcribe(wav, speech=SpeechConfig(model=str(tiny_whisper), language="xx",
                                                   segment_seconds=SECONDS))


@pytest.mark.slow
def test_recording_imported_as_a_radio_mention_once(tiny_whisper: Path, tmp_path: Path,
                                                    cli_runner: Any, write_config: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(CONFIG + f"""
[speech]
model = "{tiny_whisper.as_posix()}"
segment_seconds = {SECONDS}
""")
    wav = _recording(tmp_path / "warta-pagi.wav")
    args = ["clippings", "transcript", str(wav), "--channel", "RRI Pro 1", "--programme",
            "Warta Pagi", "--aired", "2026-11-05 06:00", "--media-type", "radio"]
    first = cli_runner(args).output
    assert "2 potongan teks; 1 bagian menyebut profil" in first
    assert "pemberitaan radio" in first

    def no_second_transcription(*_: Any, **__: Any) -> None:
        raise AssertionError("transcribed twice")

    monkeypatch.setattr("collectors.broadcast.transcribe", no_second_transcription)
    assert "sudah pernah diimpor" in cli_runner(args).output
    with session_scope() as s:
        mention = s.exec(select(Mention)).one()
        assert (mention.media_type, mention.outlet) == ("radio", "RRI Pro 1")
        assert mention.text == ("[00:00:00] berita cuaca cerah\n"
                                "[00:00:05] kemensos salurkan bansos")
        assert mention.extra["teks"] == "pengenalan ucapan"
        assert mention.extra["model_ucapan"] == tiny_whisper.name
        match = s.exec(select(Match)).one()
        assert match.passages == ["[00:00:00] berita cuaca cerah kemensos salurkan bansos"]

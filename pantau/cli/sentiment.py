"""`pantau sentiment ...`: train, label, correct, evaluate and inspect tone models."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pantau.cli.base import PantauGroup
from pantau.cli.output import table
from pantau.core.dates import parse_iso
from pantau.core.errors import InputError
from pantau.core.timeutil import JAKARTA

if TYPE_CHECKING:
    from sentiment.api import Classifier


def _since(value: str | None) -> datetime | None:
    """`2026-05-01` (midnight WIB) or an ISO timestamp; one typed at an Indonesian terminal
    without zone means WIB."""
    if value is None:
        return None
    moment = parse_iso(value, default_tz=JAKARTA)
    if moment is None:
        raise InputError(
            f"--since '{value}' bukan tanggal; gunakan format 2026-05-01 atau 2026-05-01T07:00.")
    return moment


def _classifier(model: Path | None) -> Classifier:
    """The linear model in folder `model`, else the classifier the config chooses."""
    # deferred: keeps --help fast (scikit-learn)
    from pantau.config import get_config
    from sentiment.api import LinearClassifier, load_classifier

    if model:
        return LinearClassifier.from_folder(model)
    return load_classifier(get_config().sentiment)


_model_option = click.option(
    "--model", "model", type=click.Path(file_okay=False, path_type=Path),
    help="Folder model linear (bawaan: model aktif sesuai konfigurasi).",
)


@click.group("sentiment", cls=PantauGroup)
def sentiment_group() -> None:
    """Sentimen pemberitaan: latih, labeli, koreksi, evaluasi model."""


@sentiment_group.command("train")
@click.option("--data", "data", multiple=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Berkas berlabel: CSV (kolom text,label, boleh target) atau TSV "
              "(teks<TAB>label). Boleh diulang. Bawaan: data berlabel yang dibundel "
              "(berita, SmSA, IndoLEM).")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder tujuan model.")
def sentiment_train(data: tuple[Path, ...], out: Path) -> None:
    """Latih model linear dari berkas berlabel, lalu kalibrasi pada data validasi berita."""
    # deferred: keeps --help fast
    from sentiment.api import DEFAULT_TRAINING, train_files

    train_files(list(data) or DEFAULT_TRAINING, out, echo=lambda m: click.echo(m, err=True))


@sentiment_group.command("retrain")
@click.option("--data", "data", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Data dasar (bawaan: data berlabel yang dibundel: berita, SmSA, IndoLEM).")
def sentiment_retrain(data: tuple[Path, ...]) -> None:
    """Latih versi model baru dengan koreksi analis, lalu jadikan aktif."""
    # deferred: keeps --help fast
    from pantau.core.db import session_scope
    from sentiment.api import retrain

    with session_scope() as session:
        result = retrain(session, data=list(data) or None, echo=lambda m: click.echo(m, err=True))
    click.echo(f"Versi model baru {result.version} aktif "
               f"({result.corrections} contoh dari koreksi).")
    click.echo("Jalankan `pantau sentiment label --relabel` untuk melabeli ulang sebutan.")


@sentiment_group.command("label")
@click.option("--since", "since", help="Hanya sebutan yang terbit sejak tanggal ini (WIB).")
@click.option("--relabel", is_flag=True, help="Labeli ulang juga yang sudah berlabel model "
              "(label analis tidak pernah diubah).")
def sentiment_label(since: str | None, relabel: bool) -> None:
    """Labeli sebutan tersimpan dengan model aktif."""
    # deferred: keeps --help fast
    from pantau.config import get_config
    from pantau.core.db import session_scope
    from sentiment.api import label_pending

    def progress(done: int, total: int) -> None:
        if total:
            click.echo(f"  {done}/{total} kecocokan diproses", err=True)

    with session_scope() as session:
        count = label_pending(session, sentiment=get_config().sentiment, since=_since(since),
                              relabel=relabel, progress=progress)
    click.echo(f"{count} kecocokan diberi label.")


@sentiment_group.command("correct")
@click.argument("item_id", metavar="ID", type=int)
@click.argument("label")
@click.option("--by", "by", required=True, help="Nama analis yang mengoreksi.")
@click.option("--note", "note", help="Catatan alasan koreksi.")
@click.option("--mention", "is_mention", is_flag=True,
              help="ID adalah id sebutan (mention), bukan id kecocokan (match).")
@click.option("--profile", "profile", help="Profil, bila sebutan cocok dengan beberapa profil.")
def sentiment_correct(item_id: int, label: str, by: str, note: str | None, is_mention: bool,
                    profile: str | None) -> None:
    """Koreksi label sebuah kecocokan (ID) menjadi LABEL; berlaku untuk seluruh grup duplikatnya."""
    # deferred: keeps --help fast
    from pantau.core.db import session_scope
    from sentiment.api import correct, match_for_mention, parse_label

    with session_scope() as session:
        match_id = match_for_mention(session, item_id, profile) if is_mention else item_id
        changed = correct(session, match_id=match_id, label=label, by=by, note=note)
    click.echo(f"{changed} kecocokan dikoreksi menjadi {parse_label(label)} (termasuk duplikat).")


@sentiment_group.command("evaluate")
@click.option("--data", "data", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Berkas berlabel: CSV (text,label) atau TSV (teks<TAB>label).")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
@_model_option
def sentiment_evaluate(data: Path, as_json: bool, model: Path | None) -> None:
    """Ukur akurasi, macro-F1, presisi/recall/F1 per kelas dan matriks kebingungan."""
    # deferred: keeps --help fast
    from sentiment.api import evaluate, read_labelled

    examples = read_labelled(data)
    classifier = _classifier(model)
    predicted = [p.label for p in classifier.predict([e.text for e in examples])]
    result = evaluate([e.label for e in examples], predicted)
    if as_json:
        payload = {"model": classifier.name, "version": classifier.version, **result.to_json()}
        click.echo(json.dumps(payload, ensure_ascii=False))
        return
    click.echo(f"Model {classifier.name} versi {classifier.version}; {result.count} contoh")
    click.echo(f"Akurasi : {result.accuracy:.4f}")
    click.echo(f"Macro-F1: {result.macro_f1:.4f}")
    click.echo(table(["label", "presisi", "recall", "F1", "jumlah"],
                     [[label, f"{s.precision:.4f}", f"{s.recall:.4f}", f"{s.f1:.4f}", s.support]
                      for label, s in result.per_class.items()],
                     right={"presisi", "recall", "F1", "jumlah"}))
    click.echo("Matriks kebingungan (baris = label benar, kolom = prediksi):")
    click.echo(table(["benar", *result.labels],
                     [[label, *row] for label, row in zip(result.labels, result.confusion,
                                                          strict=True)],
                     right=set(result.labels)))


@sentiment_group.command("predict")
@click.option("--json", "as_json", is_flag=True, help="Satu objek JSON per baris.")
@click.option("--target", "target",
              help='Lembaga sasaran nada, mis. "Kementerian Sosial": nama dan singkatannya '
              "yang dikenal ditandai, nada dinilai terhadap lembaga itu.")
@click.option("--profile", "profile",
              help="Profil pemantauan: lembaganya dan nama dalam kuerinya menjadi sasaran.")
@_model_option
def sentiment_predict(as_json: bool, target: str | None, profile: str | None,
                      model: Path | None) -> None:
    """Baca satu teks per baris dari stdin, tulis satu hasil per baris (tanpa --target atau
    --profile: nada teks secara keseluruhan)."""
    # deferred: keeps --help fast
    from sentiment.api import mark_target, target_pattern

    pattern = target_pattern(_target_names(target, profile))
    classifier = _classifier(model)
    texts = [line.rstrip("\r\n") for line in sys.stdin]
    texts = [t for t in texts if t.strip()]
    for start in range(0, len(texts), 512):
        chunk = texts[start : start + 512]
        marked = [mark_target(text, pattern) for text in chunk]
        for text, prediction in zip(chunk, classifier.predict(marked), strict=True):
            if as_json:
                click.echo(json.dumps({"text": text, **prediction.to_json()}, ensure_ascii=False))
            else:
                click.echo(f"{prediction.label}\t{prediction.score:.4f}\t{text}")


def _target_names(target: str | None, profile: str | None) -> list[str]:
    """The names of the target given on the command line and of a configured profile's."""
    # deferred: keeps --help fast
    from collectors.api import profile_config, query_terms
    from pantau.config import get_config
    from sentiment.api import profile_target_names, target_names

    names = target_names(target) if target else []
    if profile:
        config = get_config()
        chosen = profile_config(config, profile)
        names += profile_target_names(chosen.institution or config.institution.name,
                                      query_terms(chosen.query))
    return names


@sentiment_group.command("models")
def sentiment_models() -> None:
    """Daftar versi model dan yang aktif (bertanda *)."""
    # deferred: keeps --help fast
    from pantau.config import get_config
    from sentiment.api import list_models

    config = get_config().sentiment
    if config.backend == "transformers" or config.model:
        click.echo(f"Konfigurasi memilih model: backend={config.backend} model={config.model}")
    click.echo(table(["versi", "nama", "dibuat", "folder"],
                     [[f"{'*' if e.active else ' '} {e.version}", e.name, e.created, e.path]
                      for e in list_models()]))


@sentiment_group.command("activate")
@click.argument("version", metavar="VERSI")
def sentiment_activate(version: str) -> None:
    """Jadikan VERSI (atau `bawaan`) model aktif."""
    # deferred: keeps --help fast
    from sentiment.api import activate

    activate(version)
    click.echo(f"Model {version} sekarang aktif.")

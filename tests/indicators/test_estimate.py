"""The audited estimate of the negative share (indicators.estimate): the interval covers
the truth about 95% of the time, and the estimate beats the raw model count when the model
is biased (a simulation over a synthetic population, fixed seed)."""

from __future__ import annotations

import numpy as np
import pytest

from indicators.estimate import (
    Stratum,
    allocate,
    precision_recall,
    sample_size,
    stratified_estimate,
)

LABELS = ("positif", "netral", "negatif")
# Rows: true class (positif, netral, negatif); columns: what the biased model says. It
# sends a third of the true negatives to netral, so its count is too low.
BIASED = np.array([[0.85, 0.15, 0.0], [0.05, 0.90, 0.05], [0.02, 0.30, 0.68]])


def simulate(reps: int = 1000, *, n_pop: int = 2000, known: int = 0, size: int = 100,
             seed: int = 20261) -> tuple[float, float, float]:
    """(coverage of the 95% interval, mean |estimate - truth|, mean |model - truth|)."""
    rng = np.random.default_rng(seed)
    truth = rng.choice(3, size=n_pop, p=[0.3, 0.5, 0.2])
    model = np.array([rng.choice(3, p=BIASED[t]) for t in truth])
    true_share = float((truth == 2).mean())
    known_negative = int((truth[:known] == 2).sum())
    truth, model = truth[known:], model[known:]
    members = {LABELS[h]: np.flatnonzero(model == h) for h in range(3)}
    shares = allocate({h: len(m) for h, m in members.items()}, size)
    covered, err_estimate, err_model = 0, 0.0, 0.0
    for _ in range(reps):
        strata = []
        for label, idx in members.items():
            picked = rng.choice(idx, size=shares[label], replace=False)
            strata.append(Stratum(label, len(idx), [LABELS[t] for t in truth[picked]]))
        est = stratified_estimate(strata, known_negative=known_negative, known_total=known)
        assert est is not None
        covered += est.low <= true_share <= est.high
        err_estimate += abs(est.share - true_share)
        err_model += abs(est.model_share - true_share)
    return covered / reps, err_estimate / reps, err_model / reps


@pytest.mark.parametrize("known", [0, 300])
def test_interval_covers_the_truth_about_95_percent(known: int) -> None:
    coverage, err_estimate, err_model = simulate(known=known)
    assert 0.92 <= coverage <= 0.98
    assert err_estimate < err_model * 0.7


def test_estimate_by_hand() -> None:
    # 1,000 model-labelled: 200 negatif (audited 20: 16 truly negative), 800 others
    # (audited 40: 4 truly negative); 100 labelled by analysts, 30 of them negative.
    strata = [Stratum("negatif", 200, ["negatif"] * 16 + ["netral"] * 4),
              Stratum("netral", 800, ["netral"] * 36 + ["negatif"] * 4),
              Stratum("positif", 0, [])]
    est = stratified_estimate(strata, known_negative=30, known_total=100)
    assert est is not None
    assert est.share == pytest.approx((30 + 200 * 0.8 + 800 * 0.1) / 1100)
    assert est.model_share == pytest.approx(230 / 1100)
    var = (200 / 1100) ** 2 * (1 - 20 / 200) * 0.8 * 0.2 / 19 \
        + (800 / 1100) ** 2 * (1 - 40 / 800) * 0.1 * 0.9 / 39
    assert est.variance == pytest.approx(var)
    assert est.low < est.share < est.high
    assert est.low >= 30 / 1100 and est.high <= 1030 / 1100


def test_unanimous_strata_still_give_an_interval() -> None:
    # Every audited mention agrees with the model: p_h is 0 or 1, yet the interval is
    # not a single point (the truth is not known for the unaudited mentions).
    strata = [Stratum("negatif", 100, ["negatif"] * 10), Stratum("netral", 900, ["netral"] * 30)]
    est = stratified_estimate(strata)
    assert est is not None
    assert est.share == pytest.approx(0.1)
    assert est.low < 0.1 < est.high


def test_a_census_has_no_sampling_error_and_missing_strata_no_estimate() -> None:
    whole = [Stratum("negatif", 3, ["negatif", "netral", "negatif"]),
             Stratum("netral", 2, ["netral", "netral"])]
    est = stratified_estimate(whole)
    assert est is not None and est.low == est.high == pytest.approx(0.4)
    assert stratified_estimate([Stratum("negatif", 3, []), Stratum("netral", 2, ["netral"])]) \
        is None


def test_precision_and_recall_weighted_by_strata() -> None:
    strata = [Stratum("negatif", 100, ["negatif"] * 8 + ["netral"] * 2),
              Stratum("netral", 900, ["netral"] * 9 + ["negatif"] * 1),
              Stratum("positif", 0, [])]
    precision, recall = precision_recall(strata, LABELS)
    assert precision["negatif"] == 0.8
    # Truly negative: 100 x 0.8 + 900 x 0.1 = 170, of which the model found 80.
    assert recall["negatif"] == pytest.approx(80 / 170, abs=1e-4)
    assert precision["positif"] is None and recall["positif"] is None


def test_sample_size_and_allocation() -> None:
    size = sample_size({"positif": 600, "netral": 1100, "negatif": 300})
    assert 80 <= size <= 130
    assert sample_size({"negatif": 4, "netral": 3}) == 7
    shares = allocate({"positif": 600, "netral": 1100, "negatif": 300}, 100)
    assert sum(shares.values()) == 100 and min(shares.values()) >= 10
    assert allocate({"positif": 0, "netral": 5, "negatif": 50}, 20) == \
        {"positif": 0, "netral": 5, "negatif": 15}

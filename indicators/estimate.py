"""The audited negative share: a stratified estimate from a random audit sample, with its
95% confidence interval, the audit sample's size and allocation, and the model's precision
and recall per class. Pure functions over plain numbers (no database).

The population of a period is split in two:

- *known*: matches an analyst had labelled before the audit; their label is the truth and
  is kept as it is (`known_negative` of `known_total`);
- the *frame*: matches labelled by the model only, stratified by the model's label
  (stratum h has N_h matches). A simple random sample is drawn in each stratum and
  analysts label it; p_h is the share of the audited matches of stratum h that are truly
  negative.

Estimate of the negative share (in the population of N = known_total + sum N_h):

    (known_negative + sum_h N_h p_h) / N

Its variance is the stratified-sampling variance with the finite-population correction,

    Var = sum_h (N_h / N)^2 (1 - n_h / N_h) p_h (1 - p_h) / (n_h - 1)

Interval (the choice, and why): a Wald interval (estimate +- 1.96 sqrt(Var)) collapses to a
single point when every audited mention of a stratum agrees with the model (p_h = 0 or 1),
which is the usual case for a good model and a small audit, and it can leave [0, 100%].
So the interval is a Wilson score interval computed on the frame's share with the
*effective sample size* n_eff = s (1 - s) / Var_frame (Kish's design effect, as in Korn &
Graubard 1998 for complex samples), and in the variance a stratum whose audited mentions
all agree counts as if half a mention disagreed (p~_h = (x_h + 1/2) / (n_h + 1), the
Jeffreys-type adjustment). The interval is then mapped linearly onto the whole population
(known matches add no uncertainty). A stratum audited completely (n_h = N_h) adds no
variance: there is nothing left to estimate. The simulation test
(tests/indicators/test_estimate.py) checks that the 95% interval covers the true share in
about 95% of repeated draws.

Precision and recall per class come from the same audit, each stratum weighted by N_h:
precision(c) = share of stratum c truly c; recall(c) = N_c precision(c) / the estimated
number of matches truly c in the frame.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Z95 = 1.959963984540054
# Planning assumption for the sample size: the model's label is wrong for about one match
# in five (DOMAIN: automatic tone is often only 70-80% right), half of the errors of the
# non-negative strata being true negatives.
PLANNING_ERROR = 0.2
DEFAULT_MARGIN = 6.0  # percentage points: gives about 100 mentions for a usual month
MIN_PER_STRATUM = 10


@dataclass(frozen=True)
class Stratum:
    """One model label's stratum: N matches, audited labels of the sample (true classes)."""

    label: str
    population: int
    audited: Sequence[str]  # the analysts' labels of the audited matches of this stratum

    @property
    def n(self) -> int:
        return len(self.audited)

    @property
    def negative(self) -> int:
        return sum(1 for label in self.audited if label == "negatif")


@dataclass(frozen=True)
class Estimate:
    """Shares as fractions (0-1)."""

    share: float
    low: float
    high: float
    variance: float
    model_share: float
    population: int
    audited: int


def _wilson(p: float, n: float, z: float = Z95) -> tuple[float, float]:
    if n <= 0:
        return 0.0, 1.0
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(max(p * (1 - p) / n + z * z / (4 * n * n), 0.0))
    return max(0.0, centre - half), min(1.0, centre + half)


def _stratum_variance(s: Stratum) -> float:
    """Var of p_h times (1 - n_h/N_h), p_h adjusted away from 0 and 1 (see the docstring)."""
    n, x = s.n, s.negative
    if n >= s.population:
        return 0.0
    p = (x + 0.5) / (n + 1) if x in (0, n) else x / n
    return (1 - n / s.population) * p * (1 - p) / max(n - 1, 1)


def stratified_estimate(strata: Sequence[Stratum], *, known_negative: int = 0,
                        known_total: int = 0, z: float = Z95) -> Estimate | None:
    """The audited negative share; None while a non-empty stratum has no audited match
    (or there is no population at all)."""
    frame = sum(s.population for s in strata)
    total = frame + known_total
    if total == 0 or any(s.population > 0 and s.n == 0 for s in strata):
        return None
    model_negative = sum(s.population for s in strata if s.label == "negatif")
    model_share = (known_negative + model_negative) / total
    audited = sum(s.n for s in strata)
    if frame == 0:
        share = known_negative / total
        return Estimate(share, share, share, 0.0, model_share, total, 0)
    live = [s for s in strata if s.population > 0]
    frame_share = sum(s.population / frame * s.negative / s.n for s in live)
    frame_var = sum((s.population / frame) ** 2 * _stratum_variance(s) for s in live)
    if frame_var == 0:
        low = high = frame_share
    else:
        # Kish: the sample size a simple random sample would need for the same variance.
        centre = min(max(frame_share, 0.5 / (audited + 1)), 1 - 0.5 / (audited + 1))
        n_eff = centre * (1 - centre) / frame_var
        low, high = _wilson(frame_share, n_eff, z)
    scale = frame / total
    known = known_negative / total
    return Estimate(share=known + scale * frame_share, low=known + scale * low,
                    high=known + scale * high, variance=scale * scale * frame_var,
                    model_share=model_share, population=total, audited=audited)


def precision_recall(strata: Sequence[Stratum], labels: Sequence[str]
                     ) -> tuple[dict[str, float | None], dict[str, float | None]]:
    """Per class, the model's precision and recall on the frame, strata weighted by N_h
    (None where the audit says nothing about the class)."""
    live = [s for s in strata if s.population > 0 and s.n > 0]
    # Estimated number of frame matches with model label h and true class c.
    cell = {(s.label, c): s.population * sum(1 for a in s.audited if a == c) / s.n
            for s in live for c in labels}
    precision: dict[str, float | None] = {}
    recall: dict[str, float | None] = {}
    for c in labels:
        own = [s for s in live if s.label == c]
        precision[c] = round(sum(1 for a in own[0].audited if a == c) / own[0].n, 4) \
            if own else None
        truly = sum(cell.get((s.label, c), 0.0) for s in live)
        recall[c] = round(cell.get((c, c), 0.0) / truly, 4) if truly > 0 else None
    return precision, recall


def planning_sd(label: str, error: float = PLANNING_ERROR) -> float:
    """Expected spread of 'truly negative' in a stratum, for planning only."""
    p = 1 - error if label == "negatif" else error / 2
    return math.sqrt(p * (1 - p))


def sample_size(populations: Mapping[str, int], *, margin: float = DEFAULT_MARGIN,
                known_total: int = 0, z: float = Z95) -> int:
    """How many mentions to audit so that the 95% interval is about +-`margin` percentage
    points (Neyman allocation, planning error rates above), at most the whole frame."""
    frame = sum(populations.values())
    if frame == 0:
        return 0
    total = frame + known_total
    e = margin / 100
    # Neyman: n = (sum W_h S_h)^2 / (e^2 / z^2 + sum W_h S_h^2 / N), W_h = N_h / N.
    weights = {h: n / total for h, n in populations.items()}
    spread = sum(weights[h] * planning_sd(h) for h in populations)
    within = sum(weights[h] * planning_sd(h) ** 2 for h in populations)
    n = spread ** 2 / (e * e / (z * z) + within / total)
    return min(frame, max(math.ceil(n), min(frame, MIN_PER_STRATUM * len(
        [h for h, v in populations.items() if v > 0]))))


def allocate(populations: Mapping[str, int], size: int) -> dict[str, int]:
    """Sample size per stratum (Neyman allocation with planning spreads), each non-empty
    stratum at least `MIN_PER_STRATUM` (or all of it), never more than it holds, summing
    to `size` (or the whole frame when smaller)."""
    live = {h: n for h, n in populations.items() if n > 0}
    frame = sum(live.values())
    size = min(size, frame)
    out = {h: min(n, MIN_PER_STRATUM, size) for h, n in live.items()}
    while sum(out.values()) > size:  # tiny samples: take one back from the biggest
        biggest = max(out, key=lambda h: (out[h], h))
        out[biggest] -= 1
    weights = {h: n * planning_sd(h) for h, n in live.items()}
    while sum(out.values()) < size:
        open_ = [h for h in live if out[h] < live[h]]
        # Give the next mention to the stratum furthest below its Neyman share.
        target = sum(weights[h] for h in open_)
        remaining = size - sum(out[h] for h in live if h not in open_)
        h = max(open_, key=lambda k: (weights[k] / target * remaining - out[k], k))
        out[h] += 1
    return {h: out.get(h, 0) for h in populations}

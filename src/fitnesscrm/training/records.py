"""Personal-record arithmetic: pure functions over one set's numbers (no database).

Every value is canonical: loads in kg, durations in seconds. A record is "new" when it beats the client's
previous best of the same kind on the same exercise; the very first value of a kind is a record too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar

from .models import RecordKind, Tracking

EPLEY_MAX_REPS = 12  # the estimate is poor beyond a dozen reps, so such sets give no e1RM
# Loads converted from lb carry float noise; a "record" must beat the old value by more than that.
TOLERANCE = 1e-6

MASS_KINDS = frozenset({RecordKind.ESTIMATED_1RM, RecordKind.HEAVIEST_SET, RecordKind.SET_VOLUME})
RECORD_UNITS: dict[RecordKind, str] = {
    RecordKind.ESTIMATED_1RM: "kg",
    RecordKind.HEAVIEST_SET: "kg",
    RecordKind.SET_VOLUME: "kg",
    RecordKind.MOST_REPS: "reps",
    RecordKind.LONGEST_TIME: "s",
}


class SetNumbers(Protocol):
    @property
    def reps(self) -> int | None: ...

    @property
    def load_kg(self) -> float | None: ...


S = TypeVar("S", bound=SetNumbers)


@dataclass(frozen=True)
class NewRecord:
    kind: RecordKind
    value: float
    previous_value: float | None


def estimated_1rm(load_kg: float | None, reps: int | None) -> float | None:
    """Epley: load x (1 + reps / 30) for 2-12 reps; a single is its own 1RM; otherwise no estimate."""
    if load_kg is None or reps is None or load_kg <= 0 or reps < 1 or reps > EPLEY_MAX_REPS:
        return None
    if reps == 1:
        return float(load_kg)
    return load_kg * (1 + reps / 30)


def set_volume(load_kg: float | None, reps: int | None) -> float | None:
    """Load x reps of one set (kg), or None for sets without both."""
    if load_kg is None or reps is None or load_kg <= 0 or reps < 1:
        return None
    return load_kg * reps


def best_set(sets: Iterable[S]) -> S | None:
    """The set with the highest estimated 1RM; ties (and sets without an estimate) go to load, then reps."""

    def key(s: S) -> tuple[float, float, int]:
        return (estimated_1rm(s.load_kg, s.reps) or 0.0, s.load_kg or 0.0, s.reps or 0)

    candidates = [s for s in sets if (s.reps or 0) > 0]
    return max(candidates, key=key, default=None)


def candidates(
    tracking: Tracking, *, reps: int | None, load_kg: float | None, duration_seconds: int | None
) -> dict[RecordKind, float]:
    """The record values one completed set reaches, by kind. Loaded sets compete on kg; unloaded on reps."""
    values: dict[RecordKind, float] = {}
    loaded = load_kg is not None and load_kg > 0
    if tracking in (Tracking.LOAD_REPS, Tracking.REPS):
        if loaded and reps is not None and reps >= 1:
            values[RecordKind.HEAVIEST_SET] = float(load_kg)  # type: ignore[arg-type]
            e1rm = estimated_1rm(load_kg, reps)
            if e1rm is not None:
                values[RecordKind.ESTIMATED_1RM] = e1rm
            volume = set_volume(load_kg, reps)
            if volume is not None:
                values[RecordKind.SET_VOLUME] = volume
        elif not loaded and reps is not None and reps >= 1:
            values[RecordKind.MOST_REPS] = float(reps)
    elif tracking is Tracking.TIME and duration_seconds is not None and duration_seconds > 0:
        values[RecordKind.LONGEST_TIME] = float(duration_seconds)
    # DISTANCE_TIME: faster is better and pace records are not a kind yet, so nothing is compared.
    return values


def new_records(values: Mapping[RecordKind, float], previous_best: Mapping[RecordKind, float]) -> list[NewRecord]:
    """The kinds in ``values`` that beat ``previous_best`` (missing kind: never reached, so any value wins)."""
    found = []
    for kind, value in values.items():
        before = previous_best.get(kind)
        if before is None or value > before + TOLERANCE:
            found.append(NewRecord(kind=kind, value=value, previous_value=before))
    return found

"""Personal-record arithmetic (pure functions): Epley e1RM, set volume, best set, record detection."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from fitnesscrm.training.models import RecordKind, Tracking
from fitnesscrm.training.records import best_set, candidates, estimated_1rm, new_records, set_volume
from fitnesscrm.training.units import to_kg


@dataclass
class S:
    reps: int | None
    load_kg: float | None


def test_epley_estimate() -> None:
    assert estimated_1rm(100, 5) == pytest.approx(100 * (1 + 5 / 30))
    assert estimated_1rm(100, 10) == pytest.approx(133.3333333)
    assert estimated_1rm(60, 12) == pytest.approx(84.0)


def test_a_single_is_its_own_one_rep_max() -> None:
    assert estimated_1rm(140, 1) == 140


@pytest.mark.parametrize(("load", "reps"), [(100, 13), (100, 0), (0, 5), (None, 5), (100, None), (-5, 3)])
def test_no_estimate_outside_one_to_twelve_reps_or_without_load(load: float | None, reps: int | None) -> None:
    assert estimated_1rm(load, reps) is None


def test_set_volume() -> None:
    assert set_volume(80, 10) == 800
    assert set_volume(None, 10) is None
    assert set_volume(80, 0) is None


def test_best_set_is_the_highest_estimate_then_load_then_reps() -> None:
    sets = [S(10, 80), S(3, 100), S(5, 95), S(0, 200)]
    # e1RM: 106.7, 110.0, 110.8 → the 95 x 5; the failed 0-rep attempt never counts
    assert best_set(sets) == S(5, 95)
    assert best_set([S(15, 50), S(20, 50)]) == S(20, 50)  # no estimates: heavier, then more reps
    assert best_set([]) is None


def test_loaded_sets_compete_on_kilograms() -> None:
    values = candidates(Tracking.LOAD_REPS, reps=5, load_kg=100, duration_seconds=None)
    assert values == {
        RecordKind.HEAVIEST_SET: 100,
        RecordKind.ESTIMATED_1RM: pytest.approx(116.6666667),
        RecordKind.SET_VOLUME: 500,
    }


def test_high_rep_sets_still_count_for_heaviest_and_volume() -> None:
    values = candidates(Tracking.LOAD_REPS, reps=20, load_kg=60, duration_seconds=None)
    assert set(values) == {RecordKind.HEAVIEST_SET, RecordKind.SET_VOLUME}


def test_bodyweight_sets_compete_on_reps_and_holds_on_time() -> None:
    assert candidates(Tracking.REPS, reps=25, load_kg=None, duration_seconds=None) == {RecordKind.MOST_REPS: 25}
    assert candidates(Tracking.TIME, reps=None, load_kg=None, duration_seconds=95) == {RecordKind.LONGEST_TIME: 95}
    assert candidates(Tracking.DISTANCE_TIME, reps=None, load_kg=None, duration_seconds=110) == {}


def test_first_values_are_records_and_later_ones_must_beat_them() -> None:
    first = new_records({RecordKind.HEAVIEST_SET: 100.0}, {})
    assert [(r.kind, r.value, r.previous_value) for r in first] == [(RecordKind.HEAVIEST_SET, 100.0, None)]
    assert new_records({RecordKind.HEAVIEST_SET: 100.0}, {RecordKind.HEAVIEST_SET: 100.0}) == []
    assert new_records({RecordKind.HEAVIEST_SET: 99.0}, {RecordKind.HEAVIEST_SET: 100.0}) == []
    beaten = new_records(
        {RecordKind.HEAVIEST_SET: 102.5, RecordKind.SET_VOLUME: 400.0},
        {RecordKind.HEAVIEST_SET: 100.0, RecordKind.SET_VOLUME: 500.0},
    )
    assert [(r.kind, r.value, r.previous_value) for r in beaten] == [(RecordKind.HEAVIEST_SET, 102.5, 100.0)]


def test_the_same_weight_typed_in_pounds_is_not_a_new_record() -> None:
    # 83.91458845 kg typed in kg earlier; 185 lb today converts with float noise but is the same weight
    in_kg = candidates(Tracking.LOAD_REPS, reps=5, load_kg=83.91458845, duration_seconds=None)
    in_lb = candidates(Tracking.LOAD_REPS, reps=5, load_kg=to_kg(185, "lb"), duration_seconds=None)
    assert in_lb[RecordKind.HEAVIEST_SET] != 83.91458845  # the noise is real …
    assert new_records(in_lb, in_kg) == []  # … and does not make a record
    heavier = candidates(Tracking.LOAD_REPS, reps=5, load_kg=to_kg(186, "lb"), duration_seconds=None)
    assert {r.kind for r in new_records(heavier, in_kg)} == {
        RecordKind.HEAVIEST_SET,
        RecordKind.ESTIMATED_1RM,
        RecordKind.SET_VOLUME,
    }

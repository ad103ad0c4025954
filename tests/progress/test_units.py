"""Unit conversion: canonical storage, display in the user's system, plausible ranges."""

from __future__ import annotations

import math

import pytest

from fitnesscrm.core.errors import ValidationFailed
from fitnesscrm.progress import units
from fitnesscrm.progress.models import Quantity


@pytest.mark.parametrize(
    ("quantity", "value", "unit", "canonical"),
    [
        (Quantity.MASS, 200, "lb", 90.718474),
        (Quantity.MASS, 12, "st", 76.203518),
        (Quantity.MASS, 80.5, "kg", 80.5),
        (Quantity.LENGTH, 32, "in", 81.28),
        (Quantity.LENGTH, 81.3, "cm", 81.3),
        (Quantity.DURATION, 2.5, "min", 150),
        (Quantity.DURATION, 45, "s", 45),
        (Quantity.PERCENT, 18.5, "%", 18.5),
        (Quantity.HEART_RATE, 58, "bpm", 58),
        (Quantity.COUNT, 12, "count", 12),
    ],
)
def test_values_are_stored_in_the_canonical_unit(quantity: Quantity, value: float, unit: str, canonical: float) -> None:
    assert math.isclose(units.to_canonical(quantity, value, unit), canonical, rel_tol=1e-7)


def test_round_trip_through_every_unit_is_lossless() -> None:
    for quantity, table in units.UNITS.items():
        for unit in table:
            canonical = units.to_canonical(quantity, 42.0, unit)
            assert math.isclose(units.from_canonical(quantity, canonical, unit), 42.0)


def test_display_units_follow_the_users_system() -> None:
    assert units.display_unit(Quantity.MASS, "imperial") == "lb"
    assert units.display_unit(Quantity.LENGTH, "imperial") == "in"
    assert units.display_unit(Quantity.MASS, "metric") == "kg"
    assert units.display_unit(Quantity.PERCENT, "imperial") == "%"
    assert units.convert(Quantity.MASS, 1, "st", "lb") == pytest.approx(14)
    assert units.convert(Quantity.LENGTH, 1, "in", "cm") == pytest.approx(2.54)


def test_a_unit_of_another_quantity_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="kg, lb, st"):
        units.to_canonical(Quantity.MASS, 80, "cm")
    with pytest.raises(ValidationFailed):
        units.to_canonical(Quantity.PERCENT, 18, "kg")


@pytest.mark.parametrize(
    ("quantity", "value", "unit"),
    [
        (Quantity.MASS, 2500, "lb"),
        (Quantity.MASS, -1, "kg"),
        (Quantity.PERCENT, 120, "%"),
        (Quantity.HEART_RATE, 5, "bpm"),
        (Quantity.MASS, float("nan"), "kg"),
        (Quantity.MASS, float("inf"), "kg"),
    ],
)
def test_implausible_values_are_refused(quantity: Quantity, value: float, unit: str) -> None:
    with pytest.raises(ValidationFailed):
        units.to_canonical(quantity, value, unit)


def test_canonical_values_are_encoded_as_short_decimal_strings() -> None:
    assert units.encode(90.718474) == "90.718474"
    assert units.encode(80.0) == "80"
    assert units.encode(0.0) == "0"
    assert units.encode(1 / 3) == "0.333333"

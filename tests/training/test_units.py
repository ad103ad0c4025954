"""Load unit conversion: exact to kilograms, rounded only when shown."""

from __future__ import annotations

import pytest

from fitnesscrm.training.units import KG_PER_LB, display, from_kg, to_kg


def test_a_pound_is_exactly_the_international_pound() -> None:
    assert KG_PER_LB == 0.45359237
    assert to_kg(1, "lb") == 0.45359237
    assert to_kg(100, "lb") == pytest.approx(45.359237, abs=1e-12)


def test_kilograms_pass_through_unchanged() -> None:
    assert to_kg(102.5, "kg") == 102.5
    assert from_kg(102.5, "kg") == 102.5


def test_kilograms_to_pounds() -> None:
    assert from_kg(45.359237, "lb") == pytest.approx(100.0, abs=1e-12)
    assert from_kg(100, "lb") == pytest.approx(220.46226218, abs=1e-8)


@pytest.mark.parametrize("pounds", [1, 2.5, 45, 135, 225, 315, 405, 999.5])
def test_round_trip_through_kilograms_shows_what_was_typed(pounds: float) -> None:
    assert display(to_kg(pounds, "lb"), "lb") == pounds


def test_display_rounds_but_storage_does_not() -> None:
    stored = to_kg(135, "lb")
    assert stored == pytest.approx(61.23496995, abs=1e-9)  # not rounded
    assert display(stored, "kg") == 61.23
    assert display(stored, "kg", places=1) == 61.2


def test_unknown_units_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown load unit"):
        to_kg(1, "st")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown load unit"):
        from_kg(1, "oz")  # type: ignore[arg-type]

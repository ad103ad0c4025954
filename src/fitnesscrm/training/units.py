"""Load units. Loads are stored in kilograms, exactly converted; rounding happens only for display."""

from __future__ import annotations

from typing import Literal

LoadUnit = Literal["kg", "lb"]
LOAD_UNITS: tuple[LoadUnit, ...] = ("kg", "lb")
KG_PER_LB = 0.45359237  # exact, by the international yard and pound agreement (1959)
DISPLAY_PLACES = 2


def to_kg(value: float, unit: LoadUnit) -> float:
    """The canonical kilograms for a value the user typed in ``unit``."""
    if unit == "kg":
        return float(value)
    if unit == "lb":
        return float(value) * KG_PER_LB
    raise ValueError(f"unknown load unit {unit!r}")


def from_kg(kg: float, unit: LoadUnit) -> float:
    """``kg`` expressed in ``unit``, unrounded."""
    if unit == "kg":
        return float(kg)
    if unit == "lb":
        return float(kg) / KG_PER_LB
    raise ValueError(f"unknown load unit {unit!r}")


def display(kg: float, unit: LoadUnit, places: int = DISPLAY_PLACES) -> float:
    """``kg`` in ``unit`` rounded for people: 100 lb entered → 45.359237 kg stored → 100.0 shown."""
    return round(from_kg(kg, unit), places)

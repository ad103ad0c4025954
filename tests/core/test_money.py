"""core.money: exact amounts in a currency's minor units, arithmetic that never mixes currencies, formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fitnesscrm.core.money import (
    CURRENCIES,
    CurrencyMismatch,
    Money,
    UnknownCurrency,
    exponent,
    normalise_locale,
)
from fitnesscrm.core.schemas import Money as MoneySchema
from fitnesscrm.core.schemas import Price


def test_exponents_are_iso_4217_ones() -> None:
    assert (exponent("EUR"), exponent("GBP"), exponent("USD")) == (2, 2, 2)
    assert (exponent("JPY"), exponent("KRW"), exponent("ISK"), exponent("CLP")) == (0, 0, 0, 0)
    assert (exponent("KWD"), exponent("BHD"), exponent("IQD"), exponent("TND")) == (3, 3, 3, 3)
    assert set(CURRENCIES.values()) == {0, 2, 3}
    assert all(len(code) == 3 and code.isupper() for code in CURRENCIES)


@pytest.mark.parametrize("code", ["XXX", "XAU", "BTC", "eur", "", "EURO"])
def test_codes_that_are_not_currencies_a_studio_charges_in_are_refused(code: str) -> None:
    with pytest.raises(UnknownCurrency):
        Money(100, code)


@pytest.mark.parametrize(
    ("major", "currency", "minor"),
    [("12.50", "EUR", 1250), ("12.5", "EUR", 1250), ("1250", "JPY", 1250), ("1.234", "KWD", 1234), ("-3", "GBP", -300)],
)
def test_major_units_convert_exactly(major: str, currency: str, minor: int) -> None:
    money = Money.from_major(major, currency)
    assert money == Money(minor, currency)
    assert money.major == Decimal(major).quantize(Decimal(1).scaleb(-exponent(currency)))


@pytest.mark.parametrize(("major", "currency"), [("12.505", "EUR"), ("1.5", "JPY"), ("0.0001", "KWD"), ("NaN", "EUR")])
def test_more_decimals_than_the_currency_has_is_an_error_not_a_rounding(major: str, currency: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        Money.from_major(major, currency)


def test_floats_are_not_amounts() -> None:
    with pytest.raises(TypeError):
        Money(12.5, "EUR")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(100, "EUR") * 1.5  # type: ignore[operator]


def test_arithmetic_keeps_the_currency_and_refuses_to_mix() -> None:
    ten, three = Money(1000, "EUR"), Money(300, "EUR")
    assert ten + three == Money(1300, "EUR")
    assert ten - three - ten == Money(-300, "EUR")
    assert -ten == Money(-1000, "EUR")
    assert three * 3 == 3 * three == Money(900, "EUR")
    assert three < ten
    with pytest.raises(CurrencyMismatch):
        _ = ten + Money(1000, "GBP")
    with pytest.raises(CurrencyMismatch):
        _ = ten < Money(1000, "GBP")


def test_rates_round_half_to_even_to_the_minor_unit() -> None:
    assert Money(1000, "EUR").scaled("0.2") == Money(200, "EUR")  # 20 % VAT on €10
    assert Money(1, "EUR").scaled("0.5") == Money(0, "EUR")  # 0.5 cent → 0 (even)
    assert Money(3, "EUR").scaled("0.5") == Money(2, "EUR")  # 1.5 cents → 2 (even)
    assert Money(999, "JPY").scaled(Decimal("0.1")) == Money(100, "JPY")


@given(
    amount=st.integers(min_value=-(10**9), max_value=10**9),
    weights=st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=12).filter(any),
)
def test_allocation_never_loses_or_invents_a_minor_unit(amount: int, weights: list[int]) -> None:
    parts = Money(amount, "EUR").allocate(weights)
    assert sum(part.amount_minor for part in parts) == amount
    assert len(parts) == len(weights)
    fair = [amount * w / sum(weights) for w in weights]
    assert all(abs(part.amount_minor - share) < 1 + 1e-9 for part, share in zip(parts, fair, strict=True))


def test_ten_euros_in_three() -> None:
    assert Money(1000, "EUR").allocate([1, 1, 1]) == [Money(334, "EUR"), Money(333, "EUR"), Money(333, "EUR")]


@pytest.mark.parametrize(
    ("money", "locale", "text"),
    [
        (Money(1250, "EUR"), "en-GB", "€12.50"),
        (Money(1250, "EUR"), "de-DE", "12,50\xa0€"),
        (Money(-1250, "GBP"), "en-GB", "-£12.50"),
        (Money(125000, "JPY"), "ja-JP", "￥125,000"),
        (Money(1500, "IQD"), "en-GB", "IQD1.500"),  # three decimals, as ISO says (CLDR would show none)
        (Money(123450, "CHF"), "de-CH", "CHF\xa01'234.50"),
    ],
)
def test_formatting_uses_the_locale_pattern_and_the_currency_decimals(money: Money, locale: str, text: str) -> None:
    assert money.format(locale) == text


def test_locales_are_normalised_to_bcp_47_and_unknown_ones_refused() -> None:
    assert normalise_locale("en_gb") == "en-GB"
    assert normalise_locale("zh-Hant-TW") == "zh-Hant-TW"
    with pytest.raises(ValueError):  # noqa: PT011
        normalise_locale("xx-QQ")


def test_the_api_schema_takes_signed_amounts_and_prices_do_not() -> None:
    assert MoneySchema(amount_minor=-500, currency="EUR").value() == Money(-500, "EUR")
    with pytest.raises(ValueError):  # noqa: PT011
        MoneySchema(amount_minor=500, currency="XYZ")
    with pytest.raises(ValueError):  # noqa: PT011
        MoneySchema(amount_minor=500)  # type: ignore[call-arg]  # no silent EUR
    with pytest.raises(ValueError):  # noqa: PT011
        Price(amount_minor=-1, currency="EUR")

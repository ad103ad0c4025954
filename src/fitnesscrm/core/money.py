"""Money: an integer amount of a currency's minor unit plus its ISO 4217 code.

Floats never hold money. The number of decimals (the exponent) is the currency's, from ISO 4217, not from the
locale: 1250 EUR minor units are €12.50, 1250 JPY are ¥1,250, 1250 KWD are 1.250 KWD. The web app formats with
the same table (``fitnesscrm currencies`` writes it into the frontend), so a screen and an invoice agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.numbers import parse_pattern

# ISO 4217 currencies in circulation (funds, metals and test codes left out: nobody sells a class in them).
# Exponent 2 unless listed in _EXPONENTS.
_CODES = """
AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP
CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF
IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD
MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB
RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD
UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
""".split()  # noqa: SIM905 (a table reads better as words)
_EXPONENTS = {
    **dict.fromkeys("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF".split(), 0),  # noqa: SIM905
    **dict.fromkeys("BHD IQD JOD KWD LYD OMR TND".split(), 3),  # noqa: SIM905
}
CURRENCIES: dict[str, int] = {code: _EXPONENTS.get(code, 2) for code in _CODES}
"""Every accepted currency code and its exponent (the digits after the decimal point)."""

# The largest amount the API takes in one figure: it fits a 32-bit integer column (€20 million, ¥2 billion).
MAX_MINOR = 2_000_000_000
DEFAULT_LOCALE = "en-GB"


class CurrencyMismatch(ValueError):
    """Two amounts in different currencies were combined: a programming error, not bad input."""


class UnknownCurrency(ValueError):
    pass


def check_currency(code: str) -> str:
    """The code if it is an accepted ISO 4217 currency, else UnknownCurrency (whose text suits a 422)."""
    if code not in CURRENCIES:
        raise UnknownCurrency(f"{code!r} is not an ISO 4217 currency code such as EUR, GBP or USD.")
    return code


def exponent(code: str) -> int:
    return CURRENCIES[check_currency(code)]


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount; negative amounts are allowed (refunds, credit notes, discounts)."""

    amount_minor: int
    currency: str

    def __post_init__(self) -> None:
        check_currency(self.currency)
        if isinstance(self.amount_minor, bool) or not isinstance(self.amount_minor, int):
            raise TypeError("amount_minor must be an int of minor units")

    # --- conversion ---------------------------------------------------------------------------

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    @classmethod
    def from_major(cls, amount: Decimal | str | int, currency: str) -> Money:
        """``Money.from_major("12.50", "EUR")`` → 1250 minor units. More decimals than the currency has is an error."""
        try:
            value = Decimal(amount)
        except InvalidOperation:
            raise ValueError(f"{amount!r} is not a number") from None
        if not value.is_finite():
            raise ValueError(f"{amount!r} is not a finite amount")
        minor = value.scaleb(exponent(currency))
        if minor != minor.to_integral_value():
            raise ValueError(f"{currency} has {exponent(currency)} decimals; {amount} has more")
        return cls(int(minor), currency)

    @property
    def major(self) -> Decimal:
        """The amount in major units, exact: 1250 EUR → Decimal('12.50')."""
        digits = CURRENCIES[self.currency]
        return Decimal(self.amount_minor).scaleb(-digits).quantize(Decimal(1).scaleb(-digits))

    # --- arithmetic (same currency only) ------------------------------------------------------

    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatch(f"{self.currency} and {other.currency} cannot be combined")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount_minor + other.amount_minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount_minor - other.amount_minor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount_minor, self.currency)

    def __mul__(self, times: int) -> Money:
        if isinstance(times, bool) or not isinstance(times, int):
            raise TypeError("multiply Money by a whole number; use .scaled() for rates")
        return Money(self.amount_minor * times, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount_minor < other.amount_minor

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount_minor <= other.amount_minor

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount_minor > other.amount_minor

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.amount_minor >= other.amount_minor

    def scaled(self, rate: Decimal | str) -> Money:
        """This amount times a rate (a tax rate, a proration), rounded half-to-even to the minor unit."""
        product = Decimal(self.amount_minor) * Decimal(rate)
        return Money(int(product.to_integral_value(rounding=ROUND_HALF_EVEN)), self.currency)

    def allocate(self, weights: Sequence[int]) -> list[Money]:
        """Split into parts proportional to ``weights`` that add up exactly to this amount.

        10.00 in three → 3.34, 3.33, 3.33: the minor units left by rounding down go one each to the first parts.
        """
        if not weights or any(w < 0 for w in weights) or sum(weights) == 0:
            raise ValueError("weights must be non-negative and not all zero")
        total = sum(weights)
        sign = -1 if self.amount_minor < 0 else 1
        whole = abs(self.amount_minor)
        parts = [whole * w // total for w in weights]
        for i in range(whole - sum(parts)):
            parts[i % len(parts)] += 1
        return [Money(sign * part, self.currency) for part in parts]

    # --- display ------------------------------------------------------------------------------

    def format(self, locale: str = DEFAULT_LOCALE) -> str:
        """'€12.50' in en-GB, '12,50 €' in de-DE, '¥1,250' in ja-JP: the locale's pattern, the currency's decimals."""
        babel_locale = parse_locale(locale)
        pattern = parse_pattern(babel_locale.currency_formats["standard"].pattern)
        digits = CURRENCIES[self.currency]
        pattern.frac_prec = (digits, digits)
        return pattern.apply(self.major, babel_locale, currency=self.currency, currency_digits=False)

    def __str__(self) -> str:
        return self.format()


@lru_cache(maxsize=64)
def parse_locale(tag: str) -> Locale:
    """A BCP 47 tag such as 'en-GB' (or 'en_GB'); ValueError for one Babel does not know."""
    try:
        return Locale.parse(tag.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        raise ValueError(f"{tag!r} is not a locale we know; use a tag such as en-GB, de-DE or fr-FR.") from None


def normalise_locale(tag: str) -> str:
    """'en_gb' → 'en-GB': the form browsers' Intl APIs take."""
    locale = parse_locale(tag)
    return "-".join(part for part in (locale.language, locale.script, locale.territory) if part)

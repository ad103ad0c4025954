import { CURRENCY_EXPONENTS } from '../api/limits';

/**
 * Money crosses the API as integer minor units (cents, pence; yen have none)
 * with an ISO 4217 code; people read and type major units ("12.50"). These
 * convert at that boundary, with the currency's own number of decimals: the
 * server's table (core/money.py, via the API spec), not the browser's, so a
 * screen shows what an invoice will (browsers give IQD 0 decimals, ISO 3).
 */

/** The currency codes the API accepts, A to Z. */
export const CURRENCIES = Object.keys(CURRENCY_EXPONENTS);

/** Decimals a currency uses: EUR 2, JPY 0, KWD 3 (2 for an unknown code). */
export function currencyDigits(currency: string): number {
  return CURRENCY_EXPONENTS[currency] ?? 2;
}

/** 1250 EUR → 12.5; 1250 JPY → 1250. */
export function minorToMajor(amountMinor: number, currency: string): number {
  return Number(`${amountMinor}e-${currencyDigits(currency)}`);
}

/** 12.5 (or "12.50") EUR → 1250; null for an empty or non-numeric amount. */
export function majorToMinor(amount: number | string, currency: string): number | null {
  if (typeof amount === 'string' && amount.trim() === '') return null;
  const major = Number(amount);
  if (!Number.isFinite(major)) return null;
  // Shift the decimal point in the number's text: 1.005 * 100 is 100.49999… in binary floating point.
  return Math.round(Number(`${major}e${currencyDigits(currency)}`));
}

/** "€12.50", "¥1,250": in the given locale (the business's), else the browser's. */
export function formatMoney(amountMinor: number, currency: string, locale?: string): string {
  const digits = currencyDigits(currency);
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(minorToMajor(amountMinor, currency));
  } catch {
    return `${minorToMajor(amountMinor, currency)} ${currency}`;
  }
}

/** "€", "£", "¥", or the code itself where the language has no symbol. */
export function currencySymbol(currency: string, locale?: string): string {
  try {
    const parts = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).formatToParts(0);
    return parts.find((p) => p.type === 'currency')?.value ?? currency;
  } catch {
    return currency;
  }
}

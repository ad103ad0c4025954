import { describe, expect, it } from 'vitest';
import { currencyDigits, currencySymbol, formatMoney, majorToMinor, minorToMajor } from './money';

describe('money', () => {
  it('knows how many decimals a currency has', () => {
    expect(currencyDigits('EUR')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('KWD')).toBe(3);
    expect(currencyDigits('IQD')).toBe(3); // ISO 4217, as the server stores it (browsers say 0)
    expect(currencyDigits('nope')).toBe(2);
  });

  it('converts what people type into minor units', () => {
    expect(majorToMinor('12.50', 'EUR')).toBe(1250);
    expect(majorToMinor(12.5, 'GBP')).toBe(1250);
    expect(majorToMinor(1.005, 'EUR')).toBe(101); // not 100: no binary rounding error
    expect(majorToMinor(0.29, 'USD')).toBe(29);
    expect(majorToMinor(1250, 'JPY')).toBe(1250);
    expect(majorToMinor('1.234', 'KWD')).toBe(1234);
    expect(majorToMinor(0, 'EUR')).toBe(0);
    expect(majorToMinor('', 'EUR')).toBeNull();
    expect(majorToMinor('abc', 'EUR')).toBeNull();
  });

  it('converts minor units back for display and editing', () => {
    expect(minorToMajor(1250, 'EUR')).toBe(12.5);
    expect(minorToMajor(1250, 'JPY')).toBe(1250);
    expect(minorToMajor(1234, 'KWD')).toBe(1.234);
    expect(minorToMajor(0, 'EUR')).toBe(0);
  });

  it('formats with the currency', () => {
    expect(formatMoney(1250, 'EUR', 'en-IE')).toBe('€12.50');
    expect(formatMoney(1250, 'JPY', 'en-US')).toBe('¥1,250');
    expect(formatMoney(500, 'GBP', 'en-GB')).toBe('£5.00');
    expect(formatMoney(-1250, 'EUR', 'de-DE')).toBe('-12,50\u00a0€');
    expect(formatMoney(1500, 'IQD', 'en-GB')).toBe('IQD\u00a01.500');
    expect(formatMoney(1234, 'KWD', 'en-GB')).toBe('KWD\u00a01.234');
    expect(currencySymbol('GBP', 'en-GB')).toBe('£');
    expect(currencySymbol('EUR', 'en')).toBe('€');
  });
});

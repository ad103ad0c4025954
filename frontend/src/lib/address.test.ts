import { describe, expect, it } from 'vitest';
import { addressLines } from './address';
import { regionName } from './format';

describe('addressLines', () => {
  it('writes a British address town, county, postcode, each on its own line', () => {
    expect(
      addressLines({ line1: '10 Downing Street', line2: 'Flat 2', city: 'London', region: 'Greater London', postal_code: 'SW1A 2AA', country: 'GB' }),
    ).toEqual(['10 Downing Street', 'Flat 2', 'London', 'Greater London', 'SW1A 2AA', regionName('GB')]);
  });

  it('writes a US address as City, ST ZIP', () => {
    expect(addressLines({ line1: '1 Main St', city: 'Springfield', region: 'IL', postal_code: '62704', country: 'us' })).toEqual([
      '1 Main St',
      'Springfield, IL 62704',
      regionName('US'),
    ]);
  });

  it('puts the postcode before the town elsewhere', () => {
    expect(addressLines({ line1: 'Invalidenstraße 1', city: 'Berlin', postal_code: '10115', country: 'DE' })).toEqual([
      'Invalidenstraße 1',
      '10115 Berlin',
      regionName('DE'),
    ]);
  });

  it('skips empty parts and handles no address', () => {
    expect(addressLines({ city: 'Leeds', country: 'GB', line2: ' ' })).toEqual(['Leeds', regionName('GB')]);
    expect(addressLines({ city: 'Lyon' })).toEqual(['Lyon']);
    expect(addressLines(null)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { emptyMessage, findOption, MORE_LABEL, MORE_VALUE, pickerData, searchTerm } from './searchSelect';

const page = [
  { value: 'a', label: 'Ada Lovelace' },
  { value: 'b', label: 'Bo Diddley' },
];

describe('server-search picker', () => {
  it('searches for what was typed, but not for the chosen label the box shows', () => {
    expect(searchTerm('  lov ', undefined)).toBe('lov');
    expect(searchTerm('Client 150', 'Client 150')).toBe('');
    expect(searchTerm('Client 15', 'Client 150')).toBe('Client 15');
    expect(searchTerm('', undefined)).toBe('');
  });

  it('keeps the chosen item first when the page does not hold it', () => {
    expect(pickerData(page, { value: 'z', label: 'Zed #150', more: false })).toEqual([{ value: 'z', label: 'Zed #150' }, ...page]);
    // Already on the page: not twice.
    expect(pickerData(page, { value: 'b', label: 'Bo Diddley', more: false })).toEqual(page);
    // Label not known yet (still being looked up): nothing invented.
    expect(pickerData(page, { value: 'z', label: undefined, more: false })).toEqual(page);
  });

  it('finds the chosen item inside groups', () => {
    const groups = [{ group: 'Programmes', items: [{ value: 'program:1', label: 'Base (4 wk)' }] }, { group: 'Single workouts', items: page }];
    expect(findOption(groups, 'b')?.label).toBe('Bo Diddley');
    expect(pickerData(groups, { value: 'program:1', label: 'Base (4 wk)', more: false })).toEqual(groups);
    expect(findOption(groups, null)).toBeUndefined();
  });

  it('says when the server has more matches than it sent, as a row that cannot be picked', () => {
    const data = pickerData(page, { value: null, label: undefined, more: true });
    expect(data.at(-1)).toEqual({ value: MORE_VALUE, label: MORE_LABEL, disabled: true });
    expect(pickerData([], { value: null, label: undefined, more: true })).toEqual([]);
  });

  it('tells searching, failure, no match and nothing at all apart', () => {
    const base = { fetching: false, failed: false, term: '', noItems: 'No clients yet' };
    expect(emptyMessage({ ...base, fetching: true })).toBe('Searching…');
    expect(emptyMessage({ ...base, failed: true })).toMatch(/Could not search/);
    expect(emptyMessage({ ...base, term: 'zz' })).toBe('No matches for “zz”');
    expect(emptyMessage(base)).toBe('No clients yet');
  });
});

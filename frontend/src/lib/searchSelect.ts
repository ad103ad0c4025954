/**
 * The logic of pickers that search on the server (components/SearchSelect): the list shows one page of the
 * server's matches for what was typed, plus the chosen item even when that page does not hold it.
 */

export interface PickerOption {
  value: string;
  label: string;
  disabled?: boolean;
}
export interface PickerGroup {
  group: string;
  items: PickerOption[];
}
export type PickerData = (PickerOption | PickerGroup)[];

/** Value of the disabled last row that says the page is not all there is. */
export const MORE_VALUE = '__more_matches__';
export const MORE_LABEL = 'More matches: type to narrow the list';

const isGroup = (entry: PickerOption | PickerGroup): entry is PickerGroup => 'group' in entry;

export function findOption(data: PickerData, value: string | null | undefined): PickerOption | undefined {
  if (!value) return undefined;
  for (const entry of data) {
    const found = isGroup(entry) ? entry.items.find((o) => o.value === value) : entry.value === value ? entry : undefined;
    if (found) return found;
  }
  return undefined;
}

/**
 * What to send as `?q=`: nothing while the box only shows the chosen item's label (opening the list then shows
 * the first page, as a plain select would), otherwise the trimmed text.
 */
export function searchTerm(search: string, selectedLabel: string | undefined): string {
  const term = search.trim();
  return selectedLabel !== undefined && term === selectedLabel.trim() ? '' : term;
}

/**
 * The options to show: the server's page, the chosen item first when the page does not hold it (so its label
 * stays in the box), and a disabled last row when the server has more matches than it sent.
 */
export function pickerData(
  page: PickerData,
  { value, label, more }: { value: string | null; label: string | undefined; more: boolean },
): PickerData {
  const data = [...page];
  if (value && label !== undefined && !findOption(page, value)) data.unshift({ value, label });
  if (more && page.length > 0) data.push({ value: MORE_VALUE, label: MORE_LABEL, disabled: true });
  return data;
}

/** The line shown when no option is left: searching, the server failed, or nothing matches. */
export function emptyMessage({
  fetching,
  failed,
  term,
  noItems,
}: {
  fetching: boolean;
  failed: boolean;
  term: string;
  noItems: string;
}): string {
  if (fetching) return 'Searching…';
  if (failed) return 'Could not search: close the list and try again';
  return term ? `No matches for “${term}”` : noItems;
}

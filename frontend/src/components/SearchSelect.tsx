import { Loader, Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { hashKey, type QueryKey, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { emptyMessage, findOption, type PickerData, pickerData, searchTerm } from '../lib/searchSelect';

/** Items a picker asks for at once; the server searches the rest (`?q=`). */
export const PICKER_PAGE = 25;

export interface SearchPage {
  data: PickerData;
  /** The server has more matches than this page. */
  more: boolean;
}

/** Where a picker searches: one list endpoint, scoped to what may be picked here. */
export interface SearchSource {
  /** Cache key of that scope (under the list's own key, so saving items refreshes open pickers). */
  key: QueryKey;
  search: (q: string, signal: AbortSignal) => Promise<SearchPage>;
  /** The label of a value chosen elsewhere (a link, a saved record) that no result page has shown yet. */
  label?: (value: string, signal: AbortSignal) => Promise<string>;
}

export type SearchSelectProps = Omit<
  SelectProps,
  'data' | 'value' | 'defaultValue' | 'onChange' | 'searchable' | 'searchValue' | 'onSearchChange' | 'filter' | 'nothingFoundMessage'
> & {
  source: SearchSource;
  value: string | null;
  onChange: (value: string | null, label: string | null) => void;
  /** The chosen item's label when the caller already knows it (a saved record's name). */
  selectedLabel?: string;
  /** Said when there is nothing to pick at all (nothing typed). */
  noItemsMessage?: string;
};

/**
 * A select that searches on the server as the user types (debounced), so every item can be found however many
 * there are; the chosen item keeps its label when the current result page does not hold it.
 */
export function SearchSelect({
  source,
  value,
  onChange,
  selectedLabel,
  noItemsMessage = 'Nothing to choose yet',
  onDropdownOpen,
  onDropdownClose,
  rightSection,
  ...rest
}: SearchSelectProps) {
  const [search, setSearch] = useState('');
  const [opened, setOpened] = useState(false);
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(null);
  const scope = hashKey(source.key);

  const lookup = useQuery({
    queryKey: [...source.key.slice(0, 1), 'label', value],
    queryFn: ({ signal }) => source.label!(value!, signal),
    enabled: Boolean(value && source.label && selectedLabel === undefined && picked?.value !== value),
    staleTime: 60_000,
  });
  const knownLabel = selectedLabel ?? (picked && picked.value === value ? picked.label : undefined) ?? (value ? lookup.data : undefined);

  const [term] = useDebouncedValue(searchTerm(search, knownLabel), 250);
  const results = useQuery({
    queryKey: [...source.key, 'search', term],
    queryFn: ({ signal }) => source.search(term, signal),
    enabled: opened,
    // While the next search runs keep the last page of the same scope; another scope's items never show.
    placeholderData: (previous, previousQuery) =>
      previousQuery && hashKey(previousQuery.queryKey.slice(0, -2)) === scope ? previous : undefined,
  });
  const page = results.data?.data ?? [];
  const label = knownLabel ?? findOption(page, value)?.label;
  const searching = opened && (results.isFetching || term !== searchTerm(search, knownLabel));

  return (
    <Select
      {...rest}
      searchable
      data={pickerData(page, { value, label, more: Boolean(results.data?.more) })}
      value={value}
      onChange={(next, option) => {
        setPicked(next && option ? { value: next, label: option.label } : null);
        onChange(next, option?.label ?? null);
      }}
      searchValue={search}
      onSearchChange={setSearch}
      // The server already matched (on more than the label: e-mail, phone); the browser must not filter again.
      filter={({ options }) => options}
      nothingFoundMessage={emptyMessage({ fetching: searching, failed: Boolean(results.error), term, noItems: noItemsMessage })}
      rightSection={searching ? <Loader size={14} aria-label="Searching" /> : rightSection}
      onDropdownOpen={() => {
        setOpened(true);
        onDropdownOpen?.();
      }}
      onDropdownClose={() => {
        setOpened(false);
        onDropdownClose?.();
      }}
    />
  );
}

import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { configure, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { theme } from '../theme';
import { SearchSelect, type SearchSource } from './SearchSelect';

// Mantine's dropdown is mid-transition in jsdom, which counts it as hidden: options are queried with hidden: true.
const members = Array.from({ length: 150 }, (_, i) => ({ value: `m${i + 1}`, label: `Member ${i + 1}`, email: `member${i + 1}@example.com` }));

/** A server: matches name or e-mail, answers 25 at a time. */
function fakeSource() {
  const search = vi.fn(async (q: string) => {
    const hits = members.filter((m) => !q || m.label.toLowerCase().includes(q.toLowerCase()) || m.email.includes(q.toLowerCase()));
    return { data: hits.slice(0, 25).map(({ value, label }) => ({ value, label })), more: hits.length > 25 };
  });
  const label = vi.fn(async (value: string) => members.find((m) => m.value === value)!.label);
  const source: SearchSource = { key: ['members'], search, label };
  return { source, search, label };
}

function Picker({ source, initial = null, onPick = () => {} }: { source: SearchSource; initial?: string | null; onPick?: (v: string | null, l: string | null) => void }) {
  const [value, setValue] = useState<string | null>(initial);
  return (
    <SearchSelect
      label="Client"
      source={source}
      value={value}
      onChange={(v, l) => {
        setValue(v);
        onPick(v, l);
      }}
    />
  );
}

function renderPicker(ui: React.ReactElement) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <MantineProvider theme={theme}>
      <QueryClientProvider client={client}>{ui}</QueryClientProvider>
    </MantineProvider>,
  );
}

// Typing and the 250 ms debounce are slow on a loaded machine: generous limits, never a race.
configure({ asyncUtilTimeout: 10_000 });
describe('<SearchSelect>', { timeout: 30_000 }, () => {
  it('searches the server for what is typed and lets an item past the first page be picked', async () => {
    const { source, search } = fakeSource();
    const onPick = vi.fn();
    renderPicker(<Picker source={source} onPick={onPick} />);
    const box = screen.getByRole('combobox', { name: 'Client' });
    expect(search).not.toHaveBeenCalled(); // nothing is fetched until the list opens

    await userEvent.click(box);
    expect(await screen.findByRole('option', { name: 'Member 1', hidden: true })).toBeInTheDocument();
    expect(screen.getByRole('option', { name: /More matches/, hidden: true })).toHaveAttribute('data-combobox-disabled');
    expect(search).toHaveBeenLastCalledWith('', expect.anything());

    await userEvent.type(box, 'member150@');
    // The server matched the e-mail: the option is shown although its label does not contain the text.
    expect(await screen.findByRole('option', { name: 'Member 150', hidden: true })).toBeInTheDocument();
    expect(search).toHaveBeenLastCalledWith('member150@', expect.anything());
    await userEvent.click(screen.getByRole('option', { name: 'Member 150', hidden: true }));
    expect(onPick).toHaveBeenCalledWith('m150', 'Member 150');
    expect(box).toHaveValue('Member 150');
  });

  it('keeps the chosen item’s label when the result page does not hold it, looking it up once if need be', async () => {
    const { source, label } = fakeSource();
    renderPicker(<Picker source={source} initial="m140" />);
    const box = screen.getByRole('combobox', { name: 'Client' });
    await waitFor(() => expect(box).toHaveValue('Member 140'));
    expect(label).toHaveBeenCalledTimes(1);

    // Opened, the list starts at the first page (not filtered by the label), with the chosen item on top.
    await userEvent.click(box);
    expect(await screen.findByRole('option', { name: 'Member 1', hidden: true })).toBeInTheDocument();
    expect(screen.getAllByRole('option', { hidden: true })[0]).toHaveTextContent('Member 140');
    expect(box).toHaveValue('Member 140');
  });

  it('says when nothing matches', async () => {
    const { source } = fakeSource();
    renderPicker(<Picker source={source} />);
    const box = screen.getByRole('combobox', { name: 'Client' });
    await userEvent.click(box);
    await userEvent.type(box, 'zzz');
    expect(await screen.findByText('No matches for “zzz”')).toBeInTheDocument();
  });
});

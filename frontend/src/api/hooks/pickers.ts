/** Where each picker searches (components/SearchSelect): one list endpoint with `?q=`, scoped to what may be picked. */
import { PICKER_PAGE, type SearchPage, type SearchSource } from '../../components/SearchSelect';
import { api, call } from '../client';
import { compact, queryKeys } from './keys';

const page = <T>(items: T[], nextCursor: string | null | undefined, toOption: (item: T) => { value: string; label: string }): SearchPage => ({
  data: items.map(toOption),
  more: Boolean(nextCursor),
});

/** Live clients by name, e-mail or phone; the server already limits a trainer to their own clients. */
export function clientSource(filters: { trainer_id?: string } = {}): SearchSource {
  const scope = compact({ ...filters, sort: 'name' as const, limit: PICKER_PAGE });
  return {
    key: queryKeys.clients.list({ ...scope, picker: true }),
    search: async (q, signal) => {
      const result = await call(api.GET('/api/v1/clients', { params: { query: { ...scope, q: q || undefined } }, signal }));
      return page(result.items, result.next_cursor, (c) => ({ value: c.id, label: c.full_name }));
    },
    label: async (id, signal) =>
      (await call(api.GET('/api/v1/clients/{client_id}', { params: { path: { client_id: id } }, signal }))).full_name,
  };
}

/** Active trainers by name or e-mail, leaving out those in `exclude` (already assigned). */
export function trainerSource(exclude: ReadonlySet<string> = new Set()): SearchSource {
  const scope = { active: true, sort: 'name' as const, limit: PICKER_PAGE };
  return {
    key: queryKeys.trainers.list({ ...scope, picker: true, exclude: [...exclude].sort() }),
    search: async (q, signal) => {
      const result = await call(api.GET('/api/v1/trainers', { params: { query: { ...scope, q: q || undefined } }, signal }));
      const items = result.items.filter((t) => !exclude.has(t.id));
      return page(items, result.next_cursor, (t) => ({ value: t.id, label: t.full_name }));
    },
    label: async (id, signal) =>
      (await call(api.GET('/api/v1/trainers/{trainer_id}', { params: { path: { trainer_id: id } }, signal }))).full_name,
  };
}

async function searchTemplates(q: string, signal: AbortSignal) {
  return call(
    api.GET('/api/v1/workout-templates', { params: { query: { q: q || undefined, limit: PICKER_PAGE } }, signal }),
  );
}

/** Workout templates the actor may use (their own and the shared ones), by name. */
export function templateSource(): SearchSource {
  return {
    key: ['templates', 'list', { limit: PICKER_PAGE, picker: true }],
    search: async (q, signal) => {
      const result = await searchTemplates(q, signal);
      return page(result.items, result.next_cursor, (t) => ({ value: t.id, label: t.name }));
    },
    label: async (id, signal) =>
      (await call(api.GET('/api/v1/workout-templates/{template_id}', { params: { path: { template_id: id } }, signal }))).name,
  };
}

/** Programmes and single workouts to assign, grouped; values are `program:<id>` or `template:<id>`. */
export function assignableSource(): SearchSource {
  return {
    key: ['programs', 'list', { limit: PICKER_PAGE, picker: 'assignable' }],
    search: async (q, signal) => {
      const [programs, templates] = await Promise.all([
        call(api.GET('/api/v1/programs', { params: { query: { q: q || undefined, limit: PICKER_PAGE } }, signal })),
        searchTemplates(q, signal),
      ]);
      const groups = [
        { group: 'Programmes', items: programs.items.map((p) => ({ value: `program:${p.id}`, label: `${p.name} (${p.weeks} wk)` })) },
        { group: 'Single workouts', items: templates.items.map((t) => ({ value: `template:${t.id}`, label: t.name })) },
      ];
      return { data: groups.filter((g) => g.items.length > 0), more: Boolean(programs.next_cursor || templates.next_cursor) };
    },
  };
}

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, callWithResponse, etagOf, type Versioned } from '../client';
import type {
  Exercise,
  ExerciseFacets,
  ExerciseHistory,
  ExerciseIn,
  GeneratedSchemas,
  Plan,
  Program,
  ProgramAssignment,
  ProgramAssignmentIn,
  ProgramDayIn,
  SetIn,
  SetResult,
  TemplateIn,
  WorkoutLog,
  WorkoutLogIn,
  WorkoutTemplate,
} from '../types';
import { compact } from './keys';

// ---- exercises ----------------------------------------------------------------------------------

export interface ExerciseParams {
  q?: string;
  muscle?: string;
  equipment?: string;
  category?: string;
  difficulty?: string;
  source?: 'builtin' | 'custom';
  cursor?: string | null;
  limit?: number;
}

export function useExercises(params: ExerciseParams, enabled = true) {
  const query = compact({ ...params });
  return useQuery({
    queryKey: ['exercises', 'list', query],
    enabled,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      call(
        api.GET('/api/v1/exercises', {
          params: { query: { ...query, cursor: query.cursor ?? undefined } as never },
          signal,
        }),
      ),
  });
}

export function useExerciseFacets() {
  return useQuery({
    queryKey: ['exercises', 'facets'],
    staleTime: Infinity,
    queryFn: ({ signal }): Promise<ExerciseFacets> => call(api.GET('/api/v1/exercises/facets', { signal })),
  });
}

export function useExercise(id: string | null) {
  return useQuery({
    queryKey: ['exercises', 'detail', id],
    enabled: Boolean(id),
    queryFn: ({ signal }): Promise<Exercise> =>
      call(api.GET('/api/v1/exercises/{exercise_id}', { params: { path: { exercise_id: id! } }, signal })),
  });
}

export function useCreateExercise() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ExerciseIn): Promise<Exercise> =>
      call(api.POST('/api/v1/exercises', { body: body as GeneratedSchemas['ExerciseIn'] })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['exercises', 'list'] }),
    meta: { inlineErrors: true },
  });
}

// ---- workout templates --------------------------------------------------------------------------

export function useTemplates(params: { q?: string; cursor?: string | null; limit?: number } = {}) {
  const query = compact({ ...params });
  return useQuery({
    queryKey: ['templates', 'list', query],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      call(
        api.GET('/api/v1/workout-templates', {
          params: { query: { ...query, cursor: query.cursor ?? undefined } as never },
          signal,
        }),
      ),
  });
}

export function useTemplate(id: string | null) {
  return useQuery({
    queryKey: ['templates', 'detail', id],
    enabled: Boolean(id),
    queryFn: async ({ signal }): Promise<Versioned<WorkoutTemplate>> => {
      const { data, response } = await callWithResponse(
        api.GET('/api/v1/workout-templates/{template_id}', { params: { path: { template_id: id! } }, signal }),
      );
      return { data, etag: etagOf(response) };
    },
  });
}

export function useSaveTemplate(id: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, etag }: { body: TemplateIn; etag?: string }): Promise<Versioned<WorkoutTemplate>> => {
      const result = id
        ? await callWithResponse(
            api.PATCH('/api/v1/workout-templates/{template_id}', {
              params: { path: { template_id: id }, header: { 'If-Match': etag ?? '' } as never },
              body: body as GeneratedSchemas['TemplateUpdate'],
            }),
          )
        : await callWithResponse(api.POST('/api/v1/workout-templates', { body }));
      return { data: result.data, etag: etagOf(result.response) };
    },
    onSuccess: (result) => {
      queryClient.setQueryData(['templates', 'detail', result.data.id], result);
      void queryClient.invalidateQueries({ queryKey: ['templates', 'list'] });
    },
    meta: { inlineErrors: true },
  });
}

export function useDuplicateTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string): Promise<WorkoutTemplate> =>
      call(api.POST('/api/v1/workout-templates/{template_id}/duplicate', { params: { path: { template_id: id } }, body: { name: null } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['templates', 'list'] }),
  });
}

// ---- programmes ---------------------------------------------------------------------------------

export function usePrograms(params: { q?: string; cursor?: string | null; limit?: number } = {}) {
  const query = compact({ ...params });
  return useQuery({
    queryKey: ['programs', 'list', query],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      call(
        api.GET('/api/v1/programs', {
          params: { query: { ...query, cursor: query.cursor ?? undefined } as never },
          signal,
        }),
      ),
  });
}

export function useProgram(id: string | null) {
  return useQuery({
    queryKey: ['programs', 'detail', id],
    enabled: Boolean(id),
    queryFn: async ({ signal }): Promise<Versioned<Program>> => {
      const { data, response } = await callWithResponse(
        api.GET('/api/v1/programs/{program_id}', { params: { path: { program_id: id! } }, signal }),
      );
      return { data, etag: etagOf(response) };
    },
  });
}

export interface ProgramDraft {
  name: string;
  description: string | null;
  weeks: number;
  progression: { load_kg_per_week: number | null; reps_per_week: number | null } | null;
  days: ProgramDayIn[];
}

/**
 * Creates a programme in one request; an existing one is saved as its settings (PATCH) and then its
 * grid (PUT days), each with the ETag the previous answer gave.
 */
export function useSaveProgram(id: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ draft, etag }: { draft: ProgramDraft; etag?: string }): Promise<Versioned<Program>> => {
      if (!id) {
        const created = await callWithResponse(api.POST('/api/v1/programs', { body: draft as GeneratedSchemas['ProgramIn'] }));
        return { data: created.data, etag: etagOf(created.response) };
      }
      const path = { program_id: id };
      const { days, ...settings } = draft;
      const patched = await callWithResponse(
        api.PATCH('/api/v1/programs/{program_id}', {
          params: { path, header: { 'If-Match': etag ?? '' } as never },
          body: settings as GeneratedSchemas['ProgramUpdate'],
        }),
      );
      const put = await callWithResponse(
        api.PUT('/api/v1/programs/{program_id}/days', {
          params: { path, header: { 'If-Match': etagOf(patched.response) } as never },
          body: { days },
        }),
      );
      return { data: put.data, etag: etagOf(put.response) };
    },
    onSuccess: (result) => {
      queryClient.setQueryData(['programs', 'detail', result.data.id], result);
      void queryClient.invalidateQueries({ queryKey: ['programs', 'list'] });
    },
    meta: { inlineErrors: true },
  });
}

// ---- assignments and plan -----------------------------------------------------------------------

export function useProgramAssignments(clientId: string) {
  return useQuery({
    queryKey: ['program-assignments', clientId],
    queryFn: ({ signal }) =>
      call(
        api.GET('/api/v1/program-assignments', {
          params: { query: { client_id: clientId, limit: 50 } as never },
          signal,
        }),
      ),
  });
}

export function useAssign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ProgramAssignmentIn): Promise<ProgramAssignment> =>
      call(api.POST('/api/v1/program-assignments', { body: body as GeneratedSchemas['ProgramAssignmentIn'] })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['program-assignments'] });
      void queryClient.invalidateQueries({ queryKey: ['plan'] });
    },
    meta: { inlineErrors: true },
  });
}

export function useCancelAssignment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string): Promise<ProgramAssignment> =>
      call(api.POST('/api/v1/program-assignments/{assignment_id}/cancel', { params: { path: { assignment_id: id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['program-assignments'] });
      void queryClient.invalidateQueries({ queryKey: ['plan'] });
    },
  });
}

export function usePlan(clientId: string | null, range: { from?: string; to?: string } = {}) {
  return useQuery({
    queryKey: ['plan', clientId, range],
    enabled: Boolean(clientId),
    queryFn: ({ signal }): Promise<Plan> =>
      call(
        api.GET('/api/v1/clients/{client_id}/plan', {
          params: { path: { client_id: clientId! }, query: compact(range) as never },
          signal,
        }),
      ),
  });
}

// ---- workout logs -------------------------------------------------------------------------------

export function useWorkoutLog(id: string | null) {
  return useQuery({
    queryKey: ['workout-log', id],
    enabled: Boolean(id),
    queryFn: ({ signal }): Promise<WorkoutLog> =>
      call(api.GET('/api/v1/workout-logs/{log_id}', { params: { path: { log_id: id! } }, signal })),
  });
}

export function useWorkoutLogs(clientId: string, limit = 10) {
  return useQuery({
    queryKey: ['workout-logs', clientId, limit],
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/workout-logs', { params: { query: { client_id: clientId, limit } as never }, signal })),
  });
}

export function useStartWorkout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: WorkoutLogIn): Promise<WorkoutLog> =>
      call(api.POST('/api/v1/workout-logs', { body: body as GeneratedSchemas['WorkoutLogIn'] })),
    onSuccess: (log) => {
      queryClient.setQueryData(['workout-log', log.id], log);
      void queryClient.invalidateQueries({ queryKey: ['plan'] });
    },
  });
}

export function useLogSet(logId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SetIn): Promise<SetResult> =>
      call(
        api.POST('/api/v1/workout-logs/{log_id}/sets', {
          params: { path: { log_id: logId } },
          body: body as GeneratedSchemas['SetIn'],
        }),
      ),
    onSuccess: (result) => {
      queryClient.setQueryData<WorkoutLog>(['workout-log', logId], (log) =>
        log ? { ...log, sets: [...log.sets, result.set] } : log,
      );
      invalidateAfterSetChange(queryClient);
    },
    meta: { inlineErrors: true },
  });
}

/** Records, "last time", goals and volume all read the sets: refetch them after any set changes. */
function invalidateAfterSetChange(queryClient: ReturnType<typeof useQueryClient>) {
  for (const key of ['records', 'goals', 'progress', 'workout-logs']) {
    void queryClient.invalidateQueries({ queryKey: [key] });
  }
}

/** Corrects one set, also in a completed workout; the server recomputes records and goals. */
export function useReplaceSet(logId: string, setId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SetIn): Promise<SetResult> =>
      call(
        api.PUT('/api/v1/workout-logs/{log_id}/sets/{set_id}', {
          params: { path: { log_id: logId, set_id: setId } },
          body: body as GeneratedSchemas['SetIn'],
        }),
      ),
    onSuccess: (result) => {
      queryClient.setQueryData<WorkoutLog>(['workout-log', logId], (log) =>
        log ? { ...log, sets: log.sets.map((s) => (s.id === setId ? result.set : s)) } : log,
      );
      invalidateAfterSetChange(queryClient);
    },
    meta: { inlineErrors: true },
  });
}

export function useDeleteSet(logId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (setId: string) =>
      call(api.DELETE('/api/v1/workout-logs/{log_id}/sets/{set_id}', { params: { path: { log_id: logId, set_id: setId } } })),
    onSuccess: (_data, setId) => {
      queryClient.setQueryData<WorkoutLog>(['workout-log', logId], (log) =>
        log ? { ...log, sets: log.sets.filter((s) => s.id !== setId) } : log,
      );
      invalidateAfterSetChange(queryClient);
    },
  });
}

export function useCompleteWorkout(logId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (): Promise<WorkoutLog> =>
      call(api.POST('/api/v1/workout-logs/{log_id}/complete', { params: { path: { log_id: logId } } })),
    onSuccess: (log) => {
      queryClient.setQueryData(['workout-log', logId], log);
      void queryClient.invalidateQueries({ queryKey: ['plan'] });
      void queryClient.invalidateQueries({ queryKey: ['workout-logs'] });
      void queryClient.invalidateQueries({ queryKey: ['progress'] });
    },
  });
}

/** Deletes a workout and its sets (read first for its ETag: If-Match, as for editing it). */
export function useDeleteWorkout(logId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const path = { log_id: logId };
      const current = await callWithResponse(api.GET('/api/v1/workout-logs/{log_id}', { params: { path } }));
      const header = { 'If-Match': etagOf(current.response) };
      return call(api.DELETE('/api/v1/workout-logs/{log_id}', { params: { path, header } }));
    },
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: ['workout-log', logId] });
      void queryClient.invalidateQueries({ queryKey: ['plan'] });
      invalidateAfterSetChange(queryClient);
    },
  });
}

export function useExerciseHistory(clientId: string, exerciseId: string, excludeLogId?: string) {
  return useQuery({
    queryKey: ['records', 'history', clientId, exerciseId, excludeLogId],
    // "Last time" does not change while a workout is being logged.
    staleTime: 5 * 60_000,
    queryFn: ({ signal }): Promise<ExerciseHistory> =>
      call(
        api.GET('/api/v1/clients/{client_id}/exercises/{exercise_id}/history', {
          params: {
            path: { client_id: clientId, exercise_id: exerciseId },
            query: (excludeLogId ? { exclude_log_id: excludeLogId } : {}) as never,
          },
          signal,
        }),
      ),
  });
}

export function usePersonalRecords(clientId: string) {
  return useQuery({
    queryKey: ['records', 'list', clientId],
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/clients/{client_id}/personal-records', { params: { path: { client_id: clientId } }, signal })),
  });
}

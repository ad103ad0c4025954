import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../client';
import type { GeneratedSchemas, IncidentIn, IncidentUpdateIn, PublicStatus, SystemReport } from '../types';

/** Both pages refresh themselves this often (the server caches the public status for 5 s). */
export const STATUS_REFRESH_MS = 30_000;

export const statusKeys = {
  public: ['status', 'public'] as const,
  system: ['status', 'system'] as const,
  incidents: (cursor: string | null) => ['status', 'incidents', cursor] as const,
};

/** The public status; needs no sign-in. */
export function usePublicStatus() {
  return useQuery({
    queryKey: statusKeys.public,
    queryFn: ({ signal }): Promise<PublicStatus> => call(api.GET('/api/v1/status', { signal })),
    refetchInterval: STATUS_REFRESH_MS,
    staleTime: 0,
    retry: false, // a failed poll is itself news: show it now, the next poll retries
  });
}

export function useSystemReport() {
  return useQuery({
    queryKey: statusKeys.system,
    queryFn: ({ signal }): Promise<SystemReport> => call(api.GET('/api/v1/system', { signal })),
    refetchInterval: STATUS_REFRESH_MS,
    staleTime: 0,
  });
}

export function useIncidents(cursor: string | null) {
  return useQuery({
    queryKey: statusKeys.incidents(cursor),
    queryFn: ({ signal }) =>
      call(
        api.GET('/api/v1/status/incidents', {
          params: { query: { limit: 10, cursor: cursor ?? undefined } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

function useInvalidateStatus() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['status'] });
}

export function useCreateIncident() {
  const invalidate = useInvalidateStatus();
  return useMutation({
    mutationFn: (body: IncidentIn) =>
      call(api.POST('/api/v1/status/incidents', { body: body as GeneratedSchemas['IncidentIn'] })),
    onSuccess: invalidate,
    meta: { inlineErrors: true },
  });
}

export function useAddIncidentUpdate(incidentId: string) {
  const invalidate = useInvalidateStatus();
  return useMutation({
    mutationFn: (body: IncidentUpdateIn) =>
      call(
        api.POST('/api/v1/status/incidents/{incident_id}/updates', {
          params: { path: { incident_id: incidentId } },
          body,
        }),
      ),
    onSuccess: invalidate,
    meta: { inlineErrors: true },
  });
}

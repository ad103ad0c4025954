import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, callWithResponse, etagOf, type Versioned } from '../client';
import type { Assignment, Client, ClientIn, ClientSort, ClientStatus, ClientUpdate, HealthNotes, GeneratedSchemas } from '../types';
import { compact, queryKeys } from './keys';

export interface ClientListParams {
  q?: string;
  status?: ClientStatus;
  tag?: string;
  trainer_id?: string;
  archived?: boolean;
  sort?: ClientSort;
  limit?: number;
  cursor?: string | null;
}

export function useClients(params: ClientListParams) {
  const query = compact({ ...params });
  return useQuery({
    queryKey: queryKeys.clients.list(query),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/clients', { params: { query: { ...query, cursor: query.cursor ?? undefined } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useClient(id: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.clients.detail(id ?? ''),
    enabled: Boolean(id),
    queryFn: async ({ signal }): Promise<Versioned<Client>> => {
      const { data, response } = await callWithResponse(
        api.GET('/api/v1/clients/{client_id}', { params: { path: { client_id: id! } }, signal }),
      );
      return { data, etag: etagOf(response) };
    },
  });
}

export function useCreateClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ClientIn): Promise<Versioned<Client>> => {
      const { data, response } = await callWithResponse(api.POST('/api/v1/clients', { body: body as GeneratedSchemas['ClientIn'] }));
      return { data, etag: etagOf(response) };
    },
    onSuccess: (result) => {
      queryClient.setQueryData(queryKeys.clients.detail(result.data.id), result);
      void queryClient.invalidateQueries({ queryKey: ['clients', 'list'] });
    },
    meta: { inlineErrors: true },
  });
}

export function useUpdateClient(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ etag, body }: { etag: string; body: ClientUpdate }): Promise<Versioned<Client>> => {
      const { data, response } = await callWithResponse(
        api.PATCH('/api/v1/clients/{client_id}', {
          params: { path: { client_id: id } },
          headers: { 'If-Match': etag },
          body: body as GeneratedSchemas['ClientUpdate'],
        }),
      );
      return { data, etag: etagOf(response) };
    },
    onSuccess: (result) => {
      queryClient.setQueryData(queryKeys.clients.detail(id), result);
      void queryClient.invalidateQueries({ queryKey: ['clients', 'list'] });
    },
    meta: { inlineErrors: true },
  });
}

export function useArchiveClient(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: 'archive' | 'restore') =>
      action === 'archive'
        ? call(api.POST('/api/v1/clients/{client_id}/archive', { params: { path: { client_id: id } } }))
        : call(api.POST('/api/v1/clients/{client_id}/restore', { params: { path: { client_id: id } } })),
    // The response has no ETag, so refetch the record rather than patch the cache.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.clients.all }),
  });
}

export function useClientHealth(id: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.clients.health(id),
    enabled,
    // Health reads are audited server-side: don't refetch them behind the user's back.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    queryFn: ({ signal }): Promise<HealthNotes> =>
      call(api.GET('/api/v1/clients/{client_id}/health', { params: { path: { client_id: id } }, signal })),
  });
}

export function useUpdateClientHealth(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { medical_conditions: string | null; injuries: string | null }) =>
      call(api.PUT('/api/v1/clients/{client_id}/health', { params: { path: { client_id: id } }, body })),
    onSuccess: (data) => queryClient.setQueryData(queryKeys.clients.health(id), data),
    meta: { inlineErrors: true },
  });
}

export function useClientTrainers(id: string) {
  return useQuery({
    queryKey: queryKeys.clients.trainers(id),
    queryFn: ({ signal }): Promise<{ items: Assignment[] }> =>
      call(api.GET('/api/v1/clients/{client_id}/trainers', { params: { path: { client_id: id } }, signal })),
  });
}

export function useAssignTrainer(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ trainerId, isPrimary }: { trainerId: string; isPrimary: boolean }) =>
      call(
        api.PUT('/api/v1/clients/{client_id}/trainers/{trainer_id}', {
          params: { path: { client_id: clientId, trainer_id: trainerId } },
          body: { is_primary: isPrimary },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.clients.detail(clientId) });
      void queryClient.invalidateQueries({ queryKey: ['clients', 'list'] });
      void queryClient.invalidateQueries({ queryKey: queryKeys.trainers.all });
    },
  });
}

export function useUnassignTrainer(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (trainerId: string) =>
      call(
        api.DELETE('/api/v1/clients/{client_id}/trainers/{trainer_id}', {
          params: { path: { client_id: clientId, trainer_id: trainerId } },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.clients.detail(clientId) });
      void queryClient.invalidateQueries({ queryKey: ['clients', 'list'] });
      void queryClient.invalidateQueries({ queryKey: queryKeys.trainers.all });
    },
  });
}

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, callWithResponse, etagOf } from '../client';
import type { Trainer, TrainerIn, TrainerSort, TrainerUpdate, GeneratedSchemas } from '../types';
import type { Versioned } from '../client';
import { compact, queryKeys } from './keys';

export interface TrainerListParams {
  q?: string;
  active?: boolean;
  sort?: TrainerSort;
  limit?: number;
  cursor?: string | null;
}

export function useTrainers(params: TrainerListParams, options: { enabled?: boolean } = {}) {
  const query = compact({ ...params });
  return useQuery({
    queryKey: queryKeys.trainers.list(query),
    enabled: options.enabled ?? true,
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/trainers', { params: { query: { ...query, cursor: query.cursor ?? undefined } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useTrainer(id: string) {
  return useQuery({
    queryKey: queryKeys.trainers.detail(id),
    queryFn: async ({ signal }): Promise<Versioned<Trainer>> => {
      const { data, response } = await callWithResponse(
        api.GET('/api/v1/trainers/{trainer_id}', { params: { path: { trainer_id: id } }, signal }),
      );
      return { data, etag: etagOf(response) };
    },
  });
}

export function useCreateTrainer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: TrainerIn): Promise<Versioned<Trainer>> => {
      const { data, response } = await callWithResponse(api.POST('/api/v1/trainers', { body: body as GeneratedSchemas['TrainerIn'] }));
      return { data, etag: etagOf(response) };
    },
    onSuccess: (result) => {
      queryClient.setQueryData(queryKeys.trainers.detail(result.data.id), result);
      void queryClient.invalidateQueries({ queryKey: ['trainers', 'list'] });
    },
    meta: { inlineErrors: true },
  });
}

export function useUpdateTrainer(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ etag, body }: { etag: string; body: TrainerUpdate }): Promise<Versioned<Trainer>> => {
      const { data, response } = await callWithResponse(
        api.PATCH('/api/v1/trainers/{trainer_id}', {
          params: { path: { trainer_id: id } },
          headers: { 'If-Match': etag },
          body: body as GeneratedSchemas['TrainerUpdate'],
        }),
      );
      return { data, etag: etagOf(response) };
    },
    onSuccess: (result) => {
      queryClient.setQueryData(queryKeys.trainers.detail(id), result);
      void queryClient.invalidateQueries({ queryKey: ['trainers', 'list'] });
    },
    meta: { inlineErrors: true },
  });
}

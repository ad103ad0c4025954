import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../client';
import type { Availability, ExceptionIn, GeneratedSchemas, Slot, TimeOffIn, WorkingWindowIn } from '../types';

const availabilityKey = (trainerId: string) => ['availability', trainerId] as const;

export function useAvailability(trainerId: string | null | undefined) {
  return useQuery({
    queryKey: availabilityKey(trainerId ?? ''),
    enabled: Boolean(trainerId),
    queryFn: ({ signal }): Promise<Availability> =>
      call(api.GET('/api/v1/trainers/{trainer_id}/availability', { params: { path: { trainer_id: trainerId! } }, signal })),
  });
}

function useRefresh(trainerId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: availabilityKey(trainerId) });
    void queryClient.invalidateQueries({ queryKey: ['slots'] });
  };
}

/** Replaces the week shown (``version``: its working_hours_version); a week changed elsewhere meanwhile is a 409. */
export function useSaveWorkingHours(trainerId: string) {
  const refresh = useRefresh(trainerId);
  return useMutation({
    mutationFn: ({ version, windows }: { version: string; windows: WorkingWindowIn[] }) =>
      call(
        api.PUT('/api/v1/trainers/{trainer_id}/working-hours', {
          params: { path: { trainer_id: trainerId }, header: { 'If-Match': version } },
          body: { working_hours: windows },
        }),
      ),
    onSuccess: refresh,
    meta: { inlineErrors: true },
  });
}

export function useAddException(trainerId: string) {
  const refresh = useRefresh(trainerId);
  return useMutation({
    mutationFn: (body: ExceptionIn) =>
      call(
        api.POST('/api/v1/trainers/{trainer_id}/availability-exceptions', {
          params: { path: { trainer_id: trainerId } },
          body: body as GeneratedSchemas['ExceptionIn'],
        }),
      ),
    onSuccess: refresh,
    meta: { inlineErrors: true },
  });
}

export function useDeleteException(trainerId: string) {
  const refresh = useRefresh(trainerId);
  return useMutation({
    mutationFn: (id: string) =>
      call(api.DELETE('/api/v1/availability-exceptions/{exception_id}', { params: { path: { exception_id: id } } })),
    onSuccess: refresh,
  });
}

export function useAddTimeOff(trainerId: string) {
  const refresh = useRefresh(trainerId);
  return useMutation({
    mutationFn: (body: TimeOffIn) =>
      call(
        api.POST('/api/v1/trainers/{trainer_id}/time-off', {
          params: { path: { trainer_id: trainerId } },
          body: body as GeneratedSchemas['TimeOffIn'],
        }),
      ),
    onSuccess: refresh,
    meta: { inlineErrors: true },
  });
}

export function useDeleteTimeOff(trainerId: string) {
  const refresh = useRefresh(trainerId);
  return useMutation({
    mutationFn: (id: string) =>
      call(api.DELETE('/api/v1/time-off/{time_off_id}', { params: { path: { time_off_id: id } } })),
    onSuccess: refresh,
  });
}

export interface SlotParams {
  service_id: string;
  from: string;
  to: string;
  trainer_id?: string;
}

export function useSlots(params: SlotParams | null) {
  return useQuery({
    queryKey: ['slots', params],
    enabled: params !== null,
    staleTime: 15_000,
    queryFn: async ({ signal }): Promise<{ items: Slot[]; truncated: boolean }> =>
      call(api.GET('/api/v1/slots', { params: { query: params! }, signal })),
  });
}

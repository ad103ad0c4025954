import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { allPages, api, call, callWithResponse, etagOf } from '../client';
import type { GeneratedSchemas, Goal, GoalIn, GoalUpdate, Measurement, MeasurementIn, Metric, Photo, PhotoPose, Progress } from '../types';
import { compact } from './keys';

// Measurements and photos are health data: every read is audited, so they are not refetched behind
// the user's back (no window-focus refetch, long stale time).
const AUDITED = { staleTime: 5 * 60_000, refetchOnWindowFocus: false } as const;

export function useMetrics() {
  return useQuery({
    queryKey: ['metrics'],
    staleTime: 10 * 60_000,
    queryFn: ({ signal }): Promise<Metric[]> =>
      allPages((cursor) => call(api.GET('/api/v1/metrics', { params: { query: { limit: 100, cursor } as never }, signal }))),
  });
}

export function useProgress(clientId: string, params: { from?: string; to?: string; bucket?: 'day' | 'week' | 'month' }) {
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  return useQuery({
    queryKey: ['progress', clientId, params],
    ...AUDITED,
    queryFn: ({ signal }): Promise<Progress> =>
      call(
        api.GET('/api/v1/clients/{client_id}/progress', {
          params: { path: { client_id: clientId }, query: { ...compact(params), tz } as never },
          signal,
        }),
      ),
  });
}

export function useMeasurements(clientId: string, metric?: string) {
  return useQuery({
    queryKey: ['measurements', clientId, metric ?? null],
    ...AUDITED,
    queryFn: ({ signal }) =>
      call(
        api.GET('/api/v1/clients/{client_id}/measurements', {
          params: { path: { client_id: clientId }, query: compact({ metric, limit: 10 }) as never },
          signal,
        }),
      ),
  });
}

function invalidateProgress(queryClient: ReturnType<typeof useQueryClient>) {
  void queryClient.invalidateQueries({ queryKey: ['progress'] });
  void queryClient.invalidateQueries({ queryKey: ['measurements'] });
  void queryClient.invalidateQueries({ queryKey: ['goals'] });
}

export function useAddMeasurement(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MeasurementIn): Promise<Measurement> =>
      call(
        api.POST('/api/v1/clients/{client_id}/measurements', {
          params: { path: { client_id: clientId } },
          body: body as GeneratedSchemas['MeasurementIn'],
        }),
      ),
    onSuccess: () => invalidateProgress(queryClient),
    meta: { inlineErrors: true },
  });
}

export function useGoals(clientId: string) {
  return useQuery({
    queryKey: ['goals', clientId],
    ...AUDITED,
    queryFn: ({ signal }) =>
      call(
        api.GET('/api/v1/clients/{client_id}/goals', {
          params: { path: { client_id: clientId }, query: { limit: 50 } as never },
          signal,
        }),
      ),
  });
}

export function useCreateGoal(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: GoalIn): Promise<Goal> =>
      call(
        api.POST('/api/v1/clients/{client_id}/goals', {
          params: { path: { client_id: clientId } },
          body: body as GeneratedSchemas['GoalIn'],
        }),
      ),
    onSuccess: () => invalidateProgress(queryClient),
    meta: { inlineErrors: true },
  });
}

/** Reads the goal for its ETag, then PATCHes it with If-Match. */
export function useUpdateGoal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, body }: { id: string; body: GoalUpdate }): Promise<Goal> => {
      const path = { goal_id: id };
      const current = await callWithResponse(api.GET('/api/v1/goals/{goal_id}', { params: { path } }));
      return call(
        api.PATCH('/api/v1/goals/{goal_id}', {
          params: { path, header: { 'If-Match': etagOf(current.response) } as never },
          body: body as GeneratedSchemas['GoalUpdate'],
        }),
      );
    },
    onSuccess: () => invalidateProgress(queryClient),
    meta: { inlineErrors: true },
  });
}

export function useDeleteGoal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.DELETE('/api/v1/goals/{goal_id}', { params: { path: { goal_id: id } } })),
    onSuccess: () => invalidateProgress(queryClient),
  });
}

// ---- photos -------------------------------------------------------------------------------------

export function usePhotos(clientId: string) {
  return useQuery({
    queryKey: ['photos', clientId],
    ...AUDITED,
    queryFn: ({ signal }) =>
      call(
        api.GET('/api/v1/clients/{client_id}/progress-photos', {
          params: { path: { client_id: clientId }, query: { limit: 100 } as never },
          signal,
        }),
      ),
  });
}

/** A signed, short-lived image link; refreshed a little before it expires (links live five minutes). */
export function usePhotoUrl(photoId: string | null, size: 'full' | 'thumb' = 'thumb') {
  return useQuery({
    queryKey: ['photo-url', photoId, size],
    enabled: Boolean(photoId),
    staleTime: 4 * 60_000,
    refetchInterval: 4 * 60_000,
    refetchOnWindowFocus: false,
    queryFn: async ({ signal }): Promise<string> =>
      (
        await call(
          api.GET('/api/v1/progress-photos/{photo_id}/url', {
            params: { path: { photo_id: photoId! }, query: { size } },
            signal,
          }),
        )
      ).url,
  });
}

/** multipart/form-data upload: openapi-fetch sends a FormData body as it is (the browser sets the boundary). */
export function useUploadPhoto(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, pose, takenOn }: { file: File; pose: PhotoPose; takenOn?: string }): Promise<Photo> => {
      const form = new FormData();
      form.append('file', file);
      form.append('pose', pose);
      if (takenOn) form.append('taken_on', takenOn);
      return call(
        api.POST('/api/v1/clients/{client_id}/progress-photos', {
          params: { path: { client_id: clientId } },
          body: form as never,
        }),
      );
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['photos', clientId] }),
    meta: { inlineErrors: true },
  });
}

export function useDeletePhoto(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      call(api.DELETE('/api/v1/progress-photos/{photo_id}', { params: { path: { photo_id: id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['photos', clientId] }),
  });
}

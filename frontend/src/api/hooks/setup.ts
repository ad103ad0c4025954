import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { allPages, api, call, callWithResponse, etagOf, type Versioned } from '../client';
import type {
  BookingRules,
  BookingRulesIn,
  GeneratedSchemas,
  Location,
  LocationIn,
  LocationUpdate,
  RoomIn,
  Service,
  ServiceIn,
  ServiceUpdate,
} from '../types';

export const setupKeys = {
  rules: ['setup', 'booking-rules'] as const,
  rulesForEdit: ['setup', 'booking-rules', 'versioned'] as const,
  locations: (includeArchived: boolean) => ['setup', 'locations', includeArchived] as const,
  services: (includeArchived: boolean) => ['setup', 'services', includeArchived] as const,
};

/** Every signed-in user may read the rules: the cancellation window and penalties. */
export function useBookingRules() {
  return useQuery({
    queryKey: setupKeys.rules,
    staleTime: 5 * 60_000,
    queryFn: ({ signal }): Promise<BookingRules> => call(api.GET('/api/v1/booking-rules', { signal })),
  });
}

/** The rules with their version, for the form that edits them (its save sends the version back). */
export function useBookingRulesForEdit() {
  return useQuery({
    queryKey: setupKeys.rulesForEdit,
    queryFn: async ({ signal }): Promise<Versioned<BookingRules>> => {
      const { data, response } = await callWithResponse(api.GET('/api/v1/booking-rules', { signal }));
      return { data, etag: etagOf(response) };
    },
  });
}

/** Saves the rules if nobody else changed them since they were read (If-Match; 409 otherwise). */
export function useSaveBookingRules() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ etag, body }: { etag: string; body: BookingRulesIn }): Promise<Versioned<BookingRules>> => {
      const { data, response } = await callWithResponse(
        api.PUT('/api/v1/booking-rules', { params: { header: { 'If-Match': etag } }, body }),
      );
      return { data, etag: etagOf(response) };
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(setupKeys.rules, saved.data);
      queryClient.setQueryData(setupKeys.rulesForEdit, saved);
    },
    meta: { inlineErrors: true },
  });
}

/** Setup lists are small (a studio has a handful of locations and services) and needed whole. */
export function useLocations(includeArchived = false) {
  return useQuery({
    queryKey: setupKeys.locations(includeArchived),
    staleTime: 60_000,
    queryFn: ({ signal }): Promise<Location[]> =>
      allPages((cursor) =>
        call(api.GET('/api/v1/locations', { params: { query: { limit: 100, cursor, include_archived: includeArchived } }, signal })),
      ),
  });
}

export function useServices(includeArchived = false) {
  return useQuery({
    queryKey: setupKeys.services(includeArchived),
    staleTime: 60_000,
    queryFn: ({ signal }): Promise<Service[]> =>
      allPages((cursor) =>
        call(api.GET('/api/v1/services', { params: { query: { limit: 100, cursor, include_archived: includeArchived } }, signal })),
      ),
  });
}

function useInvalidateSetup() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['setup'] });
}

export function useCreateLocation() {
  const invalidate = useInvalidateSetup();
  return useMutation({
    mutationFn: (body: LocationIn) =>
      call(api.POST('/api/v1/locations', { body: body as GeneratedSchemas['LocationIn'] })),
    onSuccess: invalidate,
    meta: { inlineErrors: true },
  });
}

export function useUpdateLocation() {
  const invalidate = useInvalidateSetup();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: LocationUpdate }) =>
      call(api.PATCH('/api/v1/locations/{location_id}', { params: { path: { location_id: id } }, body: body as GeneratedSchemas['LocationUpdate'] })),
    onSuccess: invalidate,
    meta: { inlineErrors: true },
  });
}

export function useArchiveLocation() {
  const invalidate = useInvalidateSetup();
  return useMutation({
    mutationFn: ({ id, archive }: { id: string; archive: boolean }) =>
      archive
        ? call(api.POST('/api/v1/locations/{location_id}/archive', { params: { path: { location_id: id } } }))
        : call(api.POST('/api/v1/locations/{location_id}/restore', { params: { path: { location_id: id } } })),
    onSuccess: invalidate,
  });
}

export function useAddRoom() {
  const invalidate = useInvalidateSetup();
  return useMutation({
    mutationFn: ({ locationId, body }: { locationId: string; body: RoomIn }) =>
      call(
        api.POST('/api/v1/locations/{location_id}/rooms', {
          params: { path: { location_id: locationId } },
          body: body as GeneratedSchemas['RoomIn'],
        }),
      ),
    onSuccess: invalidate,
    meta: { inlineErrors: true },
  });
}

export function useArchiveRoom() {
  const invalidate = useInvalidateSetup();
  return useMutation({
    mutationFn: ({ id, archive }: { id: string; archive: boolean }) =>
      archive
        ? call(api.POST('/api/v1/rooms/{room_id}/archive', { params: { path: { room_id: id } } }))
        : call(api.POST('/api/v1/rooms/{room_id}/restore', { params: { path: { room_id: id } } })),
    onSuccess: invalidate,
  });
}

export function useSaveService() {
  const invalidate = useInvalidateSetup();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: ServiceIn | ServiceUpdate }): Promise<Service> =>
      id
        ? call(
            api.PATCH('/api/v1/services/{service_id}', {
              params: { path: { service_id: id } },
              body: body as GeneratedSchemas['ServiceUpdate'],
            }),
          )
        : call(api.POST('/api/v1/services', { body: body as GeneratedSchemas['ServiceIn'] })),
    onSuccess: invalidate,
    meta: { inlineErrors: true },
  });
}

export function useArchiveService() {
  const invalidate = useInvalidateSetup();
  return useMutation({
    mutationFn: ({ id, archive }: { id: string; archive: boolean }) =>
      archive
        ? call(api.POST('/api/v1/services/{service_id}/archive', { params: { path: { service_id: id } } }))
        : call(api.POST('/api/v1/services/{service_id}/restore', { params: { path: { service_id: id } } })),
    onSuccess: invalidate,
  });
}

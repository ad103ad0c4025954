import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, callWithResponse, etagOf, type Versioned } from '../client';
import type { Business, BusinessIn } from '../types';

export const businessKeys = {
  settings: ['business'] as const,
  forEdit: ['business', 'versioned'] as const,
};

/**
 * The business's name, logo, time zone, currency and locale: public (the sign-in
 * page shows the name), read by every page that shows times or money.
 */
export function useBusiness() {
  return useQuery({
    queryKey: businessKeys.settings,
    staleTime: 5 * 60_000,
    queryFn: ({ signal }): Promise<Business> => call(api.GET('/api/v1/business', { signal })),
  });
}

/** The settings with their version, for the form that edits them (its save sends the version back). */
export function useBusinessForEdit() {
  return useQuery({
    queryKey: businessKeys.forEdit,
    queryFn: async ({ signal }): Promise<Versioned<Business>> => {
      const { data, response } = await callWithResponse(api.GET('/api/v1/business', { signal }));
      return { data, etag: etagOf(response) };
    },
  });
}

function useStore() {
  const queryClient = useQueryClient();
  return (saved: Versioned<Business>) => {
    queryClient.setQueryData(businessKeys.settings, saved.data);
    queryClient.setQueryData(businessKeys.forEdit, saved);
  };
}

/** Saves the settings if nobody else changed them since they were read (If-Match; 409 otherwise). */
export function useSaveBusiness() {
  const store = useStore();
  return useMutation({
    mutationFn: async ({ etag, body }: { etag: string; body: BusinessIn }): Promise<Versioned<Business>> => {
      const { data, response } = await callWithResponse(
        api.PUT('/api/v1/business', { params: { header: { 'If-Match': etag } }, body }),
      );
      return { data, etag: etagOf(response) };
    },
    onSuccess: store,
    meta: { inlineErrors: true },
  });
}

/** Uploads a new logo (multipart/form-data; openapi-fetch sends FormData as it is). */
export function useUploadLogo() {
  const store = useStore();
  return useMutation({
    mutationFn: async (file: File): Promise<Versioned<Business>> => {
      const form = new FormData();
      form.append('file', file);
      const { data, response } = await callWithResponse(api.PUT('/api/v1/business/logo', { body: form as never }));
      return { data, etag: etagOf(response) };
    },
    onSuccess: store,
    meta: { inlineErrors: true },
  });
}

export function useRemoveLogo() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.DELETE('/api/v1/business/logo')),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: businessKeys.settings }),
  });
}

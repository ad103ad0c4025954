import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, call } from '../client';
import { compact, queryKeys } from './keys';

export function useAuditEvents(params: { limit?: number; cursor?: string | null }) {
  const query = compact({ ...params });
  return useQuery({
    queryKey: queryKeys.audit.list(query),
    queryFn: ({ signal }) =>
      call(
        api.GET('/api/v1/audit-events', { params: { query: { ...query, cursor: query.cursor ?? undefined } }, signal }),
      ),
    placeholderData: keepPreviousData,
  });
}

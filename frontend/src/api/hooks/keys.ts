export const queryKeys = {
  me: ['auth', 'me'] as const,
  clients: {
    all: ['clients'] as const,
    list: (params: object) => ['clients', 'list', params] as const,
    detail: (id: string) => ['clients', 'detail', id] as const,
    health: (id: string) => ['clients', 'detail', id, 'health'] as const,
    trainers: (id: string) => ['clients', 'detail', id, 'trainers'] as const,
  },
  trainers: {
    all: ['trainers'] as const,
    list: (params: object) => ['trainers', 'list', params] as const,
    detail: (id: string) => ['trainers', 'detail', id] as const,
  },
  invitations: {
    all: ['invitations'] as const,
    list: (params: object) => ['invitations', 'list', params] as const,
  },
  users: {
    all: ['users'] as const,
    list: (params: object) => ['users', 'list', params] as const,
    twoFactorRequirement: ['users', 'two-factor-requirement'] as const,
  },
  twoFactor: ['auth', 'two-factor'] as const,
  sessions: {
    all: ['sessions'] as const,
    list: (params: object) => ['sessions', 'list', params] as const,
  },
  tokens: {
    all: ['tokens'] as const,
    list: (params: object) => ['tokens', 'list', params] as const,
  },
  audit: {
    list: (params: object) => ['audit', 'list', params] as const,
  },
};

/** Drops empty strings so they are not sent as `?q=`. */
export function compact<T extends Record<string, unknown>>(params: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(params) as [keyof T, T[keyof T]][]) {
    if (v !== '' && v !== undefined && v !== null) out[k] = v;
  }
  return out;
}

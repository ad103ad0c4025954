import { useUpdatePreferences } from '../api/hooks/auth';
import { useMe } from '../auth/AuthContext';
import type { LoadUnit } from './units';

/**
 * The unit the logger shows and sends loads in: the account's unit system (kg for metric, lb for
 * imperial). Switching it here changes the account's preference, so every device follows.
 */
export function useLoadUnit(): [LoadUnit, (unit: LoadUnit) => void] {
  const me = useMe();
  const update = useUpdatePreferences();
  const unit: LoadUnit = me.user.unit_system === 'imperial' ? 'lb' : 'kg';
  return [unit, (next) => update.mutate({ unit_system: next === 'lb' ? 'imperial' : 'metric' })];
}

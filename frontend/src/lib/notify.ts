import type { NotificationData } from '@mantine/notifications';

/**
 * Shows a toast. @mantine/notifications is loaded on first use (and by the
 * lazily mounted container in App.tsx), keeping it out of the initial bundle.
 */
export function notify(data: NotificationData): void {
  void import('@mantine/notifications').then(({ notifications }) => notifications.show(data));
}

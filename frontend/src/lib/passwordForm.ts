import { hasLength, useForm } from '@mantine/form';

/** New password + confirmation, shared by reset, invitation and account pages. */
export function useNewPasswordForm() {
  return useForm({
    mode: 'uncontrolled',
    initialValues: { password: '', confirm: '' },
    validate: {
      password: hasLength({ min: 8 }, 'Use at least 8 characters'),
      confirm: (value, values) => (value !== values.password ? 'The passwords do not match' : null),
    },
  });
}

export interface CredentialsEnded {
  sessions_ended: number;
  api_tokens_revoked: number;
  calendar_feeds_revoked: number;
}

function counted(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What a password change or reset ended, as one sentence: "Signed out 2 other sessions; revoked 1 API token." */
export function endedSentence(ended: CredentialsEnded): string {
  const parts = [
    ended.sessions_ended ? `signed out ${counted(ended.sessions_ended, 'other session', 'other sessions')}` : '',
    ended.api_tokens_revoked ? `revoked ${counted(ended.api_tokens_revoked, 'API token', 'API tokens')}` : '',
    ended.calendar_feeds_revoked
      ? `revoked ${counted(ended.calendar_feeds_revoked, 'calendar feed link', 'calendar feed links')}`
      : '',
  ].filter(Boolean);
  if (!parts.length) return 'Nothing else was signed in.';
  const sentence = parts.join('; ');
  return `${sentence[0].toUpperCase()}${sentence.slice(1)}.`;
}

import type { ClientStatus, Gender, Invitation } from '../api/types';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : dateTime.format(d);
}

/** A calendar date (YYYY-MM-DD) shown without any time-zone shift. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return formatDateTime(value);
  return dateOnly.format(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

export const CLIENT_STATUS_LABELS: Record<ClientStatus, string> = {
  lead: 'Lead',
  trial: 'Trial',
  active: 'Active',
  paused: 'Paused',
  former: 'Former',
};

export const CLIENT_STATUS_COLORS: Record<ClientStatus, string> = {
  lead: 'grape',
  trial: 'cyan',
  active: 'green',
  paused: 'orange',
  former: 'gray',
};

export const GENDER_LABELS: Record<Gender, string> = {
  female: 'Female',
  male: 'Male',
  non_binary: 'Non-binary',
  other: 'Other',
  prefer_not_to_say: 'Prefer not to say',
};

export const INVITATION_STATUS_COLORS: Record<Invitation['status'], string> = {
  pending: 'blue',
  accepted: 'green',
  revoked: 'gray',
  expired: 'orange',
};

export const ROLE_LABELS = { admin: 'Admin', trainer: 'Trainer', client: 'Client' } as const;

export function toOptions<K extends string>(labels: Record<K, string>) {
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
}

/** "GB" → "United Kingdom", in the browser's language; the code itself if the browser cannot name it. */
export function regionName(code: string): string {
  try {
    return new Intl.DisplayNames(undefined, { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

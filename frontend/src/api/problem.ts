/**
 * An RFC 9457 problem document as the UI uses it. Every error response is
 * normalised into this shape, even when the body was not a problem document
 * (a proxy's HTML error page, an empty 502…), so the UI can always show it.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  request_id?: string | null;
  errors?: { field: string; message: string }[];
  /** A series that cannot be placed as asked: each clashing date, why, and the problem type of that clash. */
  clashes?: ProblemClash[];
}

export interface ProblemClash {
  date: string;
  type: string;
  detail: string;
}

/** An API call that did not succeed, carrying the RFC 9457 problem document. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** Seconds from a `Retry-After` header (429/503), when present. */
  readonly retryAfter: number | null;

  constructor(problem: Problem, retryAfter: number | null = null) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** The error is a problem document of this type (the slug after `/problems/`, e.g. `double-booking`). */
export function hasProblemType(error: unknown, slug: string): error is ApiError {
  return isApiError(error) && error.problem.type.endsWith(`/${slug}`);
}

/**
 * 503 `busy`: the server's password-hashing gate is full (a sign-in storm) and nothing was done. It says when
 * to come back (Retry-After), so such a request is worth one automatic retry.
 */
export function isBusy(error: unknown): error is ApiError {
  return hasProblemType(error, 'busy') && error.status === 503;
}

const BUSY_DEFAULT_WAIT_SECONDS = 2;
const BUSY_MAX_WAIT_SECONDS = 30;

/** How long to wait before retrying a `busy` answer: its Retry-After, within reason. */
export function busyWaitSeconds(error: unknown): number {
  const wait = isApiError(error) ? (error.retryAfter ?? BUSY_DEFAULT_WAIT_SECONDS) : BUSY_DEFAULT_WAIT_SECONDS;
  return Math.min(Math.max(wait, 0), BUSY_MAX_WAIT_SECONDS);
}

const STATUS_TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  410: 'No longer available',
  413: 'Too large',
  422: 'Invalid input',
  428: 'Precondition required',
  429: 'Too many requests',
  500: 'Server error',
  502: 'Server unavailable',
  503: 'Service unavailable',
  504: 'Server timed out',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns whatever an error response carried (a problem document, some other
 * JSON, plain text from a proxy, nothing) into a Problem we can always show.
 */
export function toProblem(body: unknown, status: number, statusText = ''): Problem {
  const fallbackTitle = STATUS_TITLES[status] ?? (statusText || `Request failed (${status})`);
  if (isRecord(body)) {
    const errors = Array.isArray(body.errors)
      ? body.errors.filter(isRecord).map((e) => ({
          // `field` is ours; a pydantic-style `loc` array (["body", "working_hours", 0, "end_time"]) is accepted too.
          field: typeof e.field === 'string' ? e.field : Array.isArray(e.loc) ? e.loc.join('.') : '',
          message: typeof e.message === 'string' ? e.message : String(e.message ?? 'Invalid value'),
        }))
      : undefined;
    const clashes = Array.isArray(body.clashes)
      ? body.clashes.filter(isRecord).map((c) => ({ date: String(c.date ?? ''), type: String(c.type ?? ''), detail: String(c.detail ?? '') }))
      : undefined;
    return {
      type: typeof body.type === 'string' ? body.type : 'about:blank',
      title: typeof body.title === 'string' && body.title ? body.title : fallbackTitle,
      status: typeof body.status === 'number' ? body.status : status,
      detail: typeof body.detail === 'string' ? body.detail : undefined,
      request_id: typeof body.request_id === 'string' ? body.request_id : undefined,
      ...(errors ? { errors } : {}),
      ...(clashes ? { clashes } : {}),
    };
  }
  return { type: 'about:blank', title: fallbackTitle, status };
}

export function networkProblem(): Problem {
  return {
    type: 'about:blank',
    title: 'Cannot reach the server',
    status: 0,
    detail: 'Check your connection and try again.',
  };
}

/** Parses `Retry-After` (delta-seconds or an HTTP date) into whole seconds. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * Normalises a server field name to the dotted path our forms use:
 * `body.address.city`, `/address/city`, `address[city]` → `address.city`;
 * `working_hours[0].start_time` → `working_hours.0.start_time`. A model-level
 * error (`_schema`, `__root__`) has no field: ''.
 */
export function normaliseField(field: string): string {
  let f = field.trim();
  if (f.startsWith('/')) f = f.slice(1).replace(/\//g, '.');
  f = f.replace(/\[(\w+)\]/g, '.$1').replace(/^\$\.?/, '');
  f = f.replace(/^(body|json|query|path)(\.|$)/, '');
  f = f.replace(/(^|\.)(_schema|__root__)$/, '');
  return f;
}

/** "working_hours.0.end_time" → "Working hours 1, end time": a field named for people, in an alert. */
export function fieldLabel(path: string): string {
  const words = normaliseField(path)
    .split('.')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? String(Number(part) + 1) : part.replace(/_/g, ' ')));
  const label = words.reduce((text, word, i) => (i === 0 ? word : /^\d+$/.test(word) ? `${text} ${word}` : `${text}, ${word}`), '');
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** One error of a problem as a line for an alert: "First name: Use at most 100 characters." */
export function errorLine({ field, message }: { field: string; message: string }): string {
  const label = fieldLabel(field);
  return label ? `${label}: ${message}` : message;
}

export interface FieldErrorMapping {
  /** Errors keyed by form field path, ready for Mantine's `form.setErrors`. */
  fieldErrors: Record<string, string>;
  /** Messages that do not belong to any known field (shown in an alert). */
  otherErrors: string[];
}

/** Does a concrete path (`working_hours.2.end_time`) match a known field (`working_hours.*.end_time`)? */
function matchesKnown(path: string, known: string): boolean {
  const parts = path.split('.');
  const pattern = known.split('.');
  return parts.length === pattern.length && pattern.every((p, i) => p === parts[i] || (p === '*' && /^\d+$/.test(parts[i])));
}

/**
 * Maps a 422 problem's `errors[]` onto form fields. `knownFields` lists the
 * form's paths; `*` stands for a list index (`working_hours.*.start_time`).
 * An error on a nested path (`address.city`) falls back to its closest known
 * ancestor (`address`); anything else ends up in `otherErrors`, named for people.
 * `aliases` renames an API field to the form's own (`late_cancel_fee_minor` →
 * `late_cancel_fee` when the form takes major units).
 */
export function problemToFieldErrors(
  problem: Pick<Problem, 'errors'>,
  knownFields?: Iterable<string>,
  aliases: Readonly<Record<string, string>> = {},
): FieldErrorMapping {
  const known = knownFields ? [...knownFields] : null;
  const isKnown = (path: string) => known === null || known.some((k) => matchesKnown(path, k));
  const fieldErrors: Record<string, string> = {};
  const otherErrors: string[] = [];

  for (const error of problem.errors ?? []) {
    const parts = normaliseField(error.field).split('.').filter(Boolean);
    while (parts.length > 1 && !isKnown(parts.join('.'))) parts.pop();
    if (!parts.length || !isKnown(parts.join('.'))) {
      otherErrors.push(errorLine(error));
      continue;
    }
    const path = aliases[parts.join('.')] ?? parts.join('.');
    fieldErrors[path] = fieldErrors[path] ? `${fieldErrors[path]} ${error.message}` : error.message;
  }
  return { fieldErrors, otherErrors };
}

/** A short human sentence for an error of any kind. */
export function errorMessage(error: unknown): { title: string; detail?: string; requestId?: string } {
  if (isApiError(error)) {
    // A 422 outside a form: its field messages say more than "Some fields are missing or invalid."
    const lines = (error.problem.errors ?? []).map(errorLine);
    return {
      title: error.problem.title,
      detail: lines.length ? lines.join(' ') : (error.problem.detail ?? undefined),
      requestId: error.problem.request_id ?? undefined,
    };
  }
  if (error instanceof Error) return { title: 'Something went wrong', detail: error.message };
  return { title: 'Something went wrong' };
}

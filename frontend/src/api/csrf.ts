// The CSRF token lives in memory only (never localStorage): it comes from the
// login / invitation-accept response or GET /auth/me and is lost on reload,
// when /auth/me is fetched again.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

// The parts of @sentry/browser the app uses: importing them by name (not the whole namespace) keeps the lazily
// loaded chunk small — no session replay, feedback widget or tracing code.
export { breadcrumbsIntegration, init } from '@sentry/browser';

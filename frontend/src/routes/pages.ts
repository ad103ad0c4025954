import { type ComponentType, lazy, type LazyExoticComponent } from 'react';

type Importer = () => Promise<{ default: ComponentType }>;

// Every page is its own chunk: the manifest names a page, this map loads it on first use.
const importers = {
  LoginPage: () => import('./public/LoginPage'),
  AcceptInvitationPage: () => import('./public/AcceptInvitationPage'),
  ForgotPasswordPage: () => import('./public/ForgotPasswordPage'),
  ResetPasswordConfirmPage: () => import('./public/ResetPasswordConfirmPage'),
  StatusPage: () => import('./status/StatusPage'),
  ClientsListPage: () => import('./clients/ClientsListPage'),
  NewClientPage: () => import('./clients/NewClientPage'),
  ClientDetailPage: () => import('./clients/ClientDetailPage'),
  TrainersListPage: () => import('./trainers/TrainersListPage'),
  TrainerDetailPage: () => import('./trainers/TrainerDetailPage'),
  InvitationsPage: () => import('./invitations/InvitationsPage'),
  AuditLogPage: () => import('./audit/AuditLogPage'),
  UsersPage: () => import('./users/UsersPage'),
  AccountPage: () => import('./account/AccountPage'),
  MyProfilePage: () => import('./portal/MyProfilePage'),
  CalendarPage: () => import('./calendar/CalendarPage'),
  AvailabilityPage: () => import('./availability/AvailabilityPage'),
  SetupPage: () => import('./setup/SetupPage'),
  BookPage: () => import('./portal/BookPage'),
  MySessionsPage: () => import('./portal/MySessionsPage'),
  ExercisesPage: () => import('./training/ExercisesPage'),
  ProgrammesPage: () => import('./training/ProgrammesPage'),
  ProgramEditorPage: () => import('./training/ProgramEditorPage'),
  TemplateEditorPage: () => import('./training/TemplateEditorPage'),
  TodayPage: () => import('./portal/TodayPage'),
  WorkoutPage: () => import('./portal/WorkoutPage'),
  ProgressPage: () => import('./progress/ProgressPage'),
  SystemPage: () => import('./system/SystemPage'),
} satisfies Record<string, Importer>;

export type PageName = keyof typeof importers;

export const pages = Object.fromEntries(
  Object.entries(importers).map(([name, load]) => [name, lazy<ComponentType>(load)]),
) as Record<PageName, LazyExoticComponent<ComponentType>>;

/** Starts loading a page's chunk now (the lazy component then finds it loaded or on its way). */
export function preloadPage(name: PageName): void {
  importers[name]().catch(() => undefined); // a failed preload is retried, and reported, when the page renders
}

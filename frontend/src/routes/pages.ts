import { lazy } from 'react';

// Every page is its own chunk: the manifest names a page, this map loads it on first use.
export const pages = {
  LoginPage: lazy(() => import('./public/LoginPage')),
  AcceptInvitationPage: lazy(() => import('./public/AcceptInvitationPage')),
  ForgotPasswordPage: lazy(() => import('./public/ForgotPasswordPage')),
  ResetPasswordConfirmPage: lazy(() => import('./public/ResetPasswordConfirmPage')),
  StatusPage: lazy(() => import('./status/StatusPage')),
  ClientsListPage: lazy(() => import('./clients/ClientsListPage')),
  NewClientPage: lazy(() => import('./clients/NewClientPage')),
  ClientDetailPage: lazy(() => import('./clients/ClientDetailPage')),
  TrainersListPage: lazy(() => import('./trainers/TrainersListPage')),
  TrainerDetailPage: lazy(() => import('./trainers/TrainerDetailPage')),
  InvitationsPage: lazy(() => import('./invitations/InvitationsPage')),
  AuditLogPage: lazy(() => import('./audit/AuditLogPage')),
  AccountPage: lazy(() => import('./account/AccountPage')),
  MyProfilePage: lazy(() => import('./portal/MyProfilePage')),
  CalendarPage: lazy(() => import('./calendar/CalendarPage')),
  AvailabilityPage: lazy(() => import('./availability/AvailabilityPage')),
  SetupPage: lazy(() => import('./setup/SetupPage')),
  BookPage: lazy(() => import('./portal/BookPage')),
  MySessionsPage: lazy(() => import('./portal/MySessionsPage')),
  ExercisesPage: lazy(() => import('./training/ExercisesPage')),
  ProgrammesPage: lazy(() => import('./training/ProgrammesPage')),
  ProgramEditorPage: lazy(() => import('./training/ProgramEditorPage')),
  TemplateEditorPage: lazy(() => import('./training/TemplateEditorPage')),
  TodayPage: lazy(() => import('./portal/TodayPage')),
  WorkoutPage: lazy(() => import('./portal/WorkoutPage')),
  ProgressPage: lazy(() => import('./progress/ProgressPage')),
  SystemPage: lazy(() => import('./system/SystemPage')),
};

export type PageName = keyof typeof pages;

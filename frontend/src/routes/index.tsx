import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { HomeRedirect, RequireAuth, RequireRole } from '../auth/guards';
import { PageLoader } from '../components/PageLoader';

// Every page is its own chunk, and so is the signed-in layout (AppShell): the
// initial bundle holds only React, the router, the query client and the theme.
const AppLayout = lazy(() => import('../components/AppLayout'));
const LoginPage = lazy(() => import('./public/LoginPage'));
const AcceptInvitationPage = lazy(() => import('./public/AcceptInvitationPage'));
const ForgotPasswordPage = lazy(() => import('./public/ForgotPasswordPage'));
const ResetPasswordConfirmPage = lazy(() => import('./public/ResetPasswordConfirmPage'));
const ClientsListPage = lazy(() => import('./clients/ClientsListPage'));
const NewClientPage = lazy(() => import('./clients/NewClientPage'));
const ClientDetailPage = lazy(() => import('./clients/ClientDetailPage'));
const TrainersListPage = lazy(() => import('./trainers/TrainersListPage'));
const TrainerDetailPage = lazy(() => import('./trainers/TrainerDetailPage'));
const InvitationsPage = lazy(() => import('./invitations/InvitationsPage'));
const AuditLogPage = lazy(() => import('./audit/AuditLogPage'));
const AccountPage = lazy(() => import('./account/AccountPage'));
const MyProfilePage = lazy(() => import('./portal/MyProfilePage'));
const CalendarPage = lazy(() => import('./calendar/CalendarPage'));
const AvailabilityPage = lazy(() => import('./availability/AvailabilityPage'));
const SetupPage = lazy(() => import('./setup/SetupPage'));
const BookPage = lazy(() => import('./portal/BookPage'));
const MySessionsPage = lazy(() => import('./portal/MySessionsPage'));
const ExercisesPage = lazy(() => import('./training/ExercisesPage'));
const ProgrammesPage = lazy(() => import('./training/ProgrammesPage'));
const ProgramEditorPage = lazy(() => import('./training/ProgramEditorPage'));
const TemplateEditorPage = lazy(() => import('./training/TemplateEditorPage'));
const TodayPage = lazy(() => import('./portal/TodayPage'));
const WorkoutPage = lazy(() => import('./portal/WorkoutPage'));
const ProgressPage = lazy(() => import('./progress/ProgressPage'));
const StatusPage = lazy(() => import('./status/StatusPage'));
const SystemPage = lazy(() => import('./system/SystemPage'));
const NotFoundPage = lazy(() => import('./NotFoundPage'));

export function AppRoutes() {
  return (
    <Suspense fallback={<PageLoader />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/accept-invitation" element={<AcceptInvitationPage />} />
        <Route path="/reset-password" element={<ForgotPasswordPage />} />
        <Route path="/reset-password/confirm" element={<ResetPasswordConfirmPage />} />
        <Route path="/status" element={<StatusPage />} />
        <Route element={<RequireAuth />}>
          <Route element={<AppLayout />}>
            <Route index element={<HomeRedirect />} />
            <Route element={<RequireRole roles={['admin', 'trainer']} />}>
              <Route path="/clients" element={<ClientsListPage />} />
              <Route path="/clients/new" element={<NewClientPage />} />
              <Route path="/clients/:clientId" element={<ClientDetailPage />} />
              <Route path="/trainers" element={<TrainersListPage />} />
              <Route path="/trainers/:trainerId" element={<TrainerDetailPage />} />
              <Route path="/invitations" element={<InvitationsPage />} />
              <Route path="/calendar" element={<CalendarPage />} />
              <Route path="/availability" element={<AvailabilityPage />} />
              <Route path="/clients/:clientId/progress" element={<ProgressPage />} />
              <Route path="/exercises" element={<ExercisesPage />} />
              <Route path="/programmes" element={<ProgrammesPage />} />
              <Route path="/programmes/new" element={<ProgramEditorPage />} />
              <Route path="/programmes/workouts/new" element={<TemplateEditorPage />} />
              <Route path="/programmes/workouts/:templateId" element={<TemplateEditorPage />} />
              <Route path="/programmes/:programId" element={<ProgramEditorPage />} />
            </Route>
            <Route element={<RequireRole roles={['admin']} />}>
              <Route path="/audit" element={<AuditLogPage />} />
              <Route path="/setup" element={<SetupPage />} />
              <Route path="/system" element={<SystemPage />} />
            </Route>
            <Route element={<RequireRole roles={['client']} />}>
              <Route path="/me" element={<MyProfilePage />} />
              <Route path="/book" element={<BookPage />} />
              <Route path="/my-sessions" element={<MySessionsPage />} />
              <Route path="/today" element={<TodayPage />} />
              <Route path="/progress" element={<ProgressPage />} />
            </Route>
            <Route path="/workouts/:logId" element={<WorkoutPage />} />
            <Route path="/account" element={<AccountPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </Suspense>
  );
}

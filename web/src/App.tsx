import { lazy, Suspense, type ReactNode } from "react";
import { Route, Routes } from "react-router";
import { Layout } from "./components/Layout";
import { CommunityPage } from "./pages/CommunityPage";
import { HomePage } from "./pages/HomePage";
import { LoginPage } from "./pages/LoginPage";
import { NewCommunityPage } from "./pages/NewCommunityPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { NotificationsPage } from "./pages/NotificationsPage";
import { PostPage } from "./pages/PostPage";
import { ProfilePage } from "./pages/ProfilePage";
import { ResetPasswordPage } from "./pages/ResetPasswordPage";
import { SearchPage } from "./pages/SearchPage";
import { SettingsPage } from "./pages/SettingsPage";
import { SignupPage } from "./pages/SignupPage";
import { SubmitPage } from "./pages/SubmitPage";
import { VerifyEmailPage } from "./pages/VerifyEmailPage";

// Pages few people open are fetched when first visited, so they add
// nothing to the first page load (the bundle budget counts only that).
const AdminPage = lazy(() => import("./pages/admin/AdminPage").then((m) => ({ default: m.AdminPage })));
const MailboxPage = lazy(() => import("./pages/admin/MailboxPage").then((m) => ({ default: m.MailboxPage })));
const ModerationPage = lazy(() =>
  import("./pages/moderation/ModerationPage").then((m) => ({ default: m.ModerationPage })),
);

// While a lazy page's code arrives: a placeholder, not a spinner.
function Later({ children }: { children: ReactNode }) {
  const placeholder = (
    <div className="skeleton-block" aria-busy="true">
      <span className="visually-hidden">Loading the page…</span>
    </div>
  );
  return <Suspense fallback={placeholder}>{children}</Suspense>;
}

// Stable, shareable URLs; agora serve (and CloudFront) answer each with the
// app, which routes here.
export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route path="communities/new" element={<NewCommunityPage />} />
        <Route path="c/:slug" element={<CommunityPage />} />
        <Route
          path="c/:slug/moderation"
          element={
            <Later>
              <ModerationPage />
            </Later>
          }
        />
        <Route path="p/:id" element={<PostPage />} />
        <Route path="u/:username" element={<ProfilePage />} />
        <Route path="search" element={<SearchPage />} />
        <Route path="notifications" element={<NotificationsPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="settings/email" element={<SettingsPage />} />
        <Route
          path="admin"
          element={
            <Later>
              <AdminPage />
            </Later>
          }
        />
        <Route
          path="admin/mailbox"
          element={
            <Later>
              <MailboxPage />
            </Later>
          }
        />
        <Route path="submit" element={<SubmitPage />} />
        <Route path="login" element={<LoginPage />} />
        <Route path="signup" element={<SignupPage />} />
        <Route path="verify-email" element={<VerifyEmailPage />} />
        <Route path="reset-password" element={<ResetPasswordPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

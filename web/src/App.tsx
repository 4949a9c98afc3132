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
import { SignupPage } from "./pages/SignupPage";
import { SubmitPage } from "./pages/SubmitPage";
import { VerifyEmailPage } from "./pages/VerifyEmailPage";

// Stable, shareable URLs; agora serve (and CloudFront) answer each with the
// app, which routes here.
export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route path="communities/new" element={<NewCommunityPage />} />
        <Route path="c/:slug" element={<CommunityPage />} />
        <Route path="p/:id" element={<PostPage />} />
        <Route path="u/:username" element={<ProfilePage />} />
        <Route path="search" element={<SearchPage />} />
        <Route path="notifications" element={<NotificationsPage />} />
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

import { useLocation } from "react-router";
import { SignInFirst } from "../components/SignInFirst";
import { useSession } from "../session";
import { useTitle } from "../useTitle";
import { EmailPreferencesForm } from "./settings/EmailPreferencesForm";
import { PasswordForm } from "./settings/PasswordForm";
import { ProfileForm } from "./settings/ProfileForm";

// /settings, and /settings/email (the link in every email's footer), which
// opens at the email section. Each section is its own form: saving one
// never sends or resets another.
export function SettingsPage() {
  useTitle("Settings");
  const { me, loading } = useSession();
  const { pathname } = useLocation();
  if (loading) return null;
  if (!me) return <SignInFirst title="Settings" to="to change your settings" />;
  return (
    <div className="settings">
      <h1>Settings</h1>
      <ProfileForm />
      <PasswordForm />
      <EmailPreferencesForm focus={pathname.replace(/\/$/, "") === "/settings/email"} />
    </div>
  );
}

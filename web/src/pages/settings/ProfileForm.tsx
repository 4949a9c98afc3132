import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router";
import { api, unwrap, type Schemas } from "../../api/client";
import { Alert } from "../../components/Alert";
import { FormField } from "../../components/FormField";
import { LoadFailed } from "../../components/LoadFailed";
import { StatusMessage } from "../../components/StatusMessage";
import { TextAreaField } from "../../components/TextAreaField";
import { formText } from "../../formText";
import { useApiForm } from "../../useApiForm";

// Display name and bio (PATCH /api/v1/me/settings sends only what changes
// here; the avatar is left as it is).
export function ProfileForm() {
  const [settings, setSettings] = useState<Schemas["Settings"] | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const { busy, error, fields, handle } = useApiForm("Your profile was not saved.");

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      setSettings(unwrap(await api.GET("/api/v1/me/settings")));
    } catch (e) {
      setLoadError(e instanceof Error ? e.message : "Your settings did not load.");
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const submit = handle(async (form) => {
    setSaved(null);
    const next = unwrap(
      await api.PATCH("/api/v1/me/settings", {
        body: { display_name: formText(form, "display_name").trim(), bio: formText(form, "bio") },
      }),
    );
    setSettings(next);
    setSaved("Your profile is saved.");
  });

  const until = settings?.suspended_until ?? null;
  const suspended = until && Date.parse(until) > Date.now() ? until : null;
  return (
    <section aria-labelledby="settings-profile" className="settings-section">
      <h2 id="settings-profile">Profile</h2>
      {settings === undefined ? (
        loadError ? (
          <LoadFailed message={loadError} onRetry={() => void load()} />
        ) : (
          <div className="skeleton-block form-skeleton" aria-hidden="true" />
        )
      ) : (
        <form onSubmit={submit} noValidate>
          <p className="meta">
            Signed in as <Link to={`/u/${settings.username}`}>@{settings.username}</Link> ({settings.email}).
          </p>
          {suspended ? (
            <p className="warning">
              Your account is suspended until {new Date(suspended).toLocaleString()}: you can read, but not post, comment or
              vote.
            </p>
          ) : null}
          <FormField
            label="Display name (shown instead of your username; may be empty)"
            name="display_name"
            maxLength={64}
            autoComplete="nickname"
            defaultValue={settings.display_name}
            error={fields.display_name}
          />
          <TextAreaField
            label="Bio"
            hint="A few words on your profile page, up to 2,000 characters."
            name="bio"
            rows={4}
            maxLength={2000}
            defaultValue={settings.bio}
            error={fields.bio}
          />
          <Alert message={error} />
          <button type="submit" disabled={busy}>
            Save profile
          </button>
          <StatusMessage message={saved} />
        </form>
      )}
    </section>
  );
}

import { useCallback, useEffect, useRef, useState } from "react";
import { api, unwrap, type Schemas } from "../../api/client";
import { Alert } from "../../components/Alert";
import { LoadFailed } from "../../components/LoadFailed";
import { StatusMessage } from "../../components/StatusMessage";
import { formText } from "../../formText";
import { useApiForm } from "../../useApiForm";
import { FieldError } from "../../components/FieldError";

type Preferences = Schemas["EmailPreferences"];
type Frequency = Schemas["EmailFrequency"];
type Category = keyof Preferences;

const CATEGORIES: { key: Category; legend: string }[] = [
  { key: "replies", legend: "Replies to your posts and comments" },
  { key: "mentions", legend: "Mentions of your @username" },
  { key: "activity", legend: "New posts in communities you follow" },
];
const FREQUENCIES: { value: Frequency; label: string }[] = [
  { value: "immediate", label: "Right away" },
  { value: "daily", label: "Daily digest" },
  { value: "weekly", label: "Weekly digest" },
  { value: "off", label: "Off" },
];

function frequency(form: FormData, key: Category, fallback: Frequency): Frequency {
  const value = formText(form, key);
  return FREQUENCIES.find((f) => f.value === value)?.value ?? fallback;
}

// GET/PUT /api/v1/me/email-preferences: how each kind of notification
// reaches you by email. `focus` (the /settings/email address that every
// email's footer links to) brings this section into view and focus.
export function EmailPreferencesForm({ focus = false }: { focus?: boolean }) {
  const [prefs, setPrefs] = useState<Preferences | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const { busy, error, fields, handle } = useApiForm("Your email choices were not saved.");
  const heading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      setPrefs(unwrap(await api.GET("/api/v1/me/email-preferences")));
    } catch (e) {
      setLoadError(e instanceof Error ? e.message : "Your email choices did not load.");
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (focus && prefs) heading.current?.focus();
  }, [focus, prefs]);

  const submit = handle(async (form) => {
    if (!prefs) return;
    setSaved(null);
    const body: Preferences = {
      replies: frequency(form, "replies", prefs.replies),
      mentions: frequency(form, "mentions", prefs.mentions),
      activity: frequency(form, "activity", prefs.activity),
    };
    setPrefs(unwrap(await api.PUT("/api/v1/me/email-preferences", { body })));
    setSaved("Your email choices are saved.");
  });

  return (
    <section aria-labelledby="settings-email" className="settings-section">
      <h2 id="settings-email" ref={heading} tabIndex={-1}>
        Email
      </h2>
      <p id="settings-email-help" className="meta">
        Choose how each kind of notification reaches your inbox. A daily or weekly digest gathers everything from that day
        or week into one email instead of one email each. You still see every notification on the site.
      </p>
      {prefs === undefined ? (
        loadError ? (
          <LoadFailed message={loadError} onRetry={() => void load()} />
        ) : (
          <div className="skeleton-block form-skeleton" aria-hidden="true" />
        )
      ) : (
        <form onSubmit={submit} noValidate aria-describedby="settings-email-help">
          {CATEGORIES.map(({ key, legend }) => (
            <fieldset
              key={key}
              className="choice-group"
              aria-describedby={fields[key] ? `email-${key}-error` : undefined}
            >
              <legend>{legend}</legend>
              <div className="choices">
                {FREQUENCIES.map((f) => (
                  <label key={f.value}>
                    <input type="radio" name={key} value={f.value} defaultChecked={prefs[key] === f.value} /> {f.label}
                  </label>
                ))}
              </div>
              <FieldError id={`email-${key}-error`} message={fields[key]} />
            </fieldset>
          ))}
          <Alert message={error} />
          <button type="submit" disabled={busy}>
            Save email choices
          </button>
          <StatusMessage message={saved} />
        </form>
      )}
    </section>
  );
}

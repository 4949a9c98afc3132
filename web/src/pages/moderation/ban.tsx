import { api, expectOk } from "../../api/client";
import { FormField } from "../../components/FormField";
import { TextAreaField } from "../../components/TextAreaField";
import { UsernameField } from "../../components/UsernameField";
import { fieldError } from "../../fieldError";
import { formText } from "../../formText";

// Banning from a community, shared by the queue ("Ban the author…") and
// the page's own ban form: the same fields, the same request.

export function BanFields({
  errors,
  withUsername = false,
}: {
  errors: Record<string, string>;
  withUsername?: boolean;
}) {
  return (
    <>
      {withUsername ? <UsernameField error={errors.username} /> : null}
      <TextAreaField
        label="Reason (the user is told, and the public moderation log shows it)"
        name="reason"
        rows={2}
        required
        maxLength={500}
        error={errors.reason}
      />
      <FormField
        label="Days (leave empty for a permanent ban)"
        name="days"
        type="number"
        inputMode="numeric"
        min={1}
        max={3650}
        error={errors.days}
      />
    </>
  );
}

// PUT /api/v1/communities/{slug}/bans/{username}; says in words how long.
export async function ban(slug: string, username: string, form: FormData): Promise<string> {
  const reason = formText(form, "reason").trim();
  if (!reason) throw fieldError("reason", "Say why: the user is told.");
  const rawDays = formText(form, "days").trim();
  const days = rawDays ? Number(rawDays) : undefined;
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 3650))
    throw fieldError("days", "Enter whole days from 1 to 3650, or leave it empty for a permanent ban.");
  expectOk(
    await api.PUT("/api/v1/communities/{slug}/bans/{username}", {
      params: { path: { slug, username } },
      body: days === undefined ? { reason } : { reason, days },
    }),
  );
  return days === undefined
    ? `@${username} is banned from c/${slug}.`
    : `@${username} is banned from c/${slug} for ${days} ${days === 1 ? "day" : "days"}.`;
}

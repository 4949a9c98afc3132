import { FormField } from "./FormField";

// The account a moderation or admin form acts on ("@ada" or "ada").
export function UsernameField({ error }: { error?: string | undefined }) {
  return <FormField label="Username" name="username" required autoComplete="off" spellCheck={false} error={error} />;
}

import { useId, type InputHTMLAttributes } from "react";
import { FieldError } from "./FieldError";

// A labelled input with the server's message for it (a 422's field error)
// announced and tied to the input.
export function FormField({
  label,
  error,
  ...input
}: { label: string; error?: string | undefined } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined} {...input} />
      <FieldError id={errorId} message={error} />
    </div>
  );
}

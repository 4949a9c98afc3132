import { useId, type TextareaHTMLAttributes } from "react";
import { FieldError } from "./FieldError";

// FormField's twin for several lines of text: labelled, with the server's
// message for it (a 422's field error) announced and tied to it.
export function TextAreaField({
  label,
  error,
  hint,
  ...textarea
}: { label: string; error?: string | undefined; hint?: string } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const described = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="meta hint">
          {hint}
        </p>
      ) : null}
      <textarea id={id} aria-invalid={error ? true : undefined} aria-describedby={described || undefined} {...textarea} />
      <FieldError id={errorId} message={error} />
    </div>
  );
}

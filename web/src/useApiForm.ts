import { useState, type SyntheticEvent } from "react";
import { ApiError } from "./api/client";

// What every form that calls the API keeps: whether it is sending, the
// failure in words, and each field's message from a 422. `handle(send)` is
// the form's onSubmit: it reads the form, runs `send` with it, and fills
// those in when `send` throws.
export function useApiForm(failed: string) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  const handle = (send: (form: FormData, element: HTMLFormElement) => Promise<void>) => {
    return (e: SyntheticEvent<HTMLFormElement>) => {
      e.preventDefault();
      const element = e.currentTarget;
      setBusy(true);
      setError(null);
      setFields({});
      send(new FormData(element), element)
        .catch((err: unknown) => {
          setError(err instanceof Error ? err.message : failed);
          setFields(err instanceof ApiError ? err.fieldErrors() : {});
        })
        .finally(() => {
          setBusy(false);
        });
    };
  };
  return { busy, error, fields, handle };
}

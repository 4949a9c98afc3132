// The server's message for one field (a 422's field error), under it; the
// field points at `id` with aria-describedby so it is read with the field.
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} className="field-error">
      {message}
    </p>
  ) : null;
}

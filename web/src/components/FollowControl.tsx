import { useId, useState } from "react";
import { Alert } from "./Alert";

export type Level = "all" | "replies" | "muted";

const CHOICES: { value: Level | ""; label: string }[] = [
  { value: "", label: "Not following" },
  { value: "all", label: "Every new post" },
  { value: "replies", label: "Replies and mentions" },
  { value: "muted", label: "Muted" },
];

// How much a person hears from a community or a user: follow at a level,
// mute, or stop following. The choice shows at once and is put back when
// the server refuses it.
export function FollowControl({
  level,
  save,
}: {
  level: Level | null;
  // Saves the new level (null: stop following); throws when refused.
  save: (level: Level | null) => Promise<void>;
}) {
  const id = useId();
  const [value, setValue] = useState<Level | null>(level);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function choose(next: Level | null) {
    const before = value;
    setValue(next);
    setError(null);
    setBusy(true);
    try {
      await save(next);
    } catch (e) {
      setValue(before);
      setError(e instanceof Error ? e.message : "That did not work.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="follow-control">
      <label htmlFor={id}>Notifications</label>{" "}
      <select
        id={id}
        value={value ?? ""}
        disabled={busy}
        onChange={(e) => void choose(e.target.value === "" ? null : (e.target.value as Level))}
      >
        {CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      <Alert message={error} />
    </div>
  );
}

import { useId, useRef, useState, type KeyboardEvent } from "react";
import { api, ApiError, unwrap } from "../api/client";
import "./MarkdownEditor.css";
import { FieldError } from "./FieldError";

type Tab = "write" | "preview";

// A Markdown textarea with a Preview tab. The preview comes from the server's
// renderer (POST /api/v1/markdown/preview), the one every stored body goes
// through, so what people see before posting is exactly what they get. The
// textarea stays in the form while previewing, so submitting from either tab
// sends the text.
export function MarkdownEditor({
  name,
  label,
  error,
  rows = 10,
  onChange,
}: {
  name: string;
  label: string;
  error?: string | undefined;
  rows?: number;
  onChange?: (text: string) => void;
}) {
  const id = useId();
  const [tab, setTab] = useState<Tab>("write");
  const [text, setText] = useState("");
  const [preview, setPreview] = useState<{ for: string; html: string } | { for: string; error: string } | null>(null);
  const tabs = useRef<Record<Tab, HTMLButtonElement | null>>({ write: null, preview: null });

  async function show(next: Tab) {
    setTab(next);
    if (next !== "preview" || preview?.for === text) return;
    try {
      const { html } = unwrap(await api.POST("/api/v1/markdown/preview", { body: { body: text } }));
      setPreview({ for: text, html });
    } catch (e) {
      // A body the server refuses says why, in the words the post would get.
      const why = e instanceof ApiError ? (e.fieldErrors().body ?? e.message) : "The preview is unavailable.";
      setPreview({ for: text, error: why });
    }
  }

  // The tab pattern: arrow keys move between tabs, and the focus follows.
  function onKeyDown(e: KeyboardEvent) {
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
    e.preventDefault();
    const next: Tab = tab === "write" ? "preview" : "write";
    void show(next);
    tabs.current[next]?.focus();
  }

  const errorId = `${id}-error`;
  return (
    <div className="field markdown-editor">
      <div className="editor-head">
        <label htmlFor={`${id}-text`}>{label}</label>
        <div role="tablist" aria-label={`${label}: write or preview`} className="editor-tabs">
          {(["write", "preview"] as const).map((t) => (
            <button
              key={t}
              ref={(el) => {
                tabs.current[t] = el;
              }}
              type="button"
              role="tab"
              id={`${id}-${t}-tab`}
              aria-selected={tab === t}
              aria-controls={`${id}-${t}-panel`}
              tabIndex={tab === t ? 0 : -1}
              onClick={() => void show(t)}
              onKeyDown={onKeyDown}
            >
              {t === "write" ? "Write" : "Preview"}
            </button>
          ))}
        </div>
      </div>
      <div role="tabpanel" id={`${id}-write-panel`} aria-labelledby={`${id}-write-tab`} hidden={tab !== "write"}>
        <textarea
          id={`${id}-text`}
          name={name}
          rows={rows}
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => {
            setText(e.target.value);
            onChange?.(e.target.value);
          }}
        />
      </div>
      <div
        role="tabpanel"
        id={`${id}-preview-panel`}
        aria-labelledby={`${id}-preview-tab`}
        hidden={tab !== "preview"}
        aria-busy={tab === "preview" && preview?.for !== text}
        className="editor-preview"
      >
        {preview?.for !== text ? (
          <div className="skeleton-line wide" aria-hidden="true" />
        ) : "error" in preview ? (
          <p className="field-error">{preview.error}</p>
        ) : preview.html ? (
          // Sanitised by the server, exactly as a stored post's body_html.
          <div className="prose" dangerouslySetInnerHTML={{ __html: preview.html }} />
        ) : (
          <p className="empty">Nothing to preview yet.</p>
        )}
      </div>
      <FieldError id={errorId} message={error} />
    </div>
  );
}

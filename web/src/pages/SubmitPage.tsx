import { useEffect, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, unwrap, type Schemas } from "../api/client";
import { Alert } from "../components/Alert";
import { FormField } from "../components/FormField";
import { MarkdownEditor } from "../components/MarkdownEditor";
import { formText } from "../formText";
import { useSession } from "../session";
import { useApiForm } from "../useApiForm";
import { useTitle } from "../useTitle";
import { SignInFirst } from "../components/SignInFirst";

type Similar = Schemas["SimilarPosts"]["items"];

// Compose a post. While the title and body are typed, posts that already say
// the same are suggested (by meaning), so a question asked before is found
// before it is asked again.
export function SubmitPage() {
  useTitle("New post");
  const { me, loading } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [communities, setCommunities] = useState<string[]>([]);
  const [draft, setDraft] = useState({ title: "", body: "" });
  const similar = useSimilar(draft.title, draft.body, me !== null);
  const { busy, error, fields, handle } = useApiForm("The post was not published.");

  useEffect(() => {
    if (!me) return;
    void api
      .GET("/api/v1/me/subscriptions", { params: { query: { kind: "community", limit: 100 } } })
      .then((r) => {
        setCommunities((r.data?.items ?? []).flatMap((s) => (s.community ? [s.community] : [])));
      });
  }, [me]);

  const submit = handle(async (form) => {
    const slug = formText(form, "community");
    const tags = formText(form, "tags")
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
    const created = unwrap(
      await api.POST("/api/v1/communities/{slug}/posts", {
        params: { path: { slug } },
        body: { title: formText(form, "title"), body: formText(form, "body"), ...(tags.length ? { tags } : {}) },
      }),
    );
    void navigate(`/p/${created.id}`);
  });

  if (loading) return null;
  if (!me) return <SignInFirst title="New post" to="to post" />;
  return (
    <div className="compose-layout">
      <section aria-labelledby="compose-heading">
        <h1 id="compose-heading">New post</h1>
        <form onSubmit={submit} noValidate>
          <FormField
            label="Community"
            name="community"
            list="my-communities"
            defaultValue={params.get("c") ?? ""}
            required
            error={fields.community}
          />
          <datalist id="my-communities">
            {communities.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
          <FormField
            label="Title"
            name="title"
            required
            maxLength={300}
            error={fields.title}
            onChange={(e) => {
              setDraft({ ...draft, title: e.target.value });
            }}
          />
          <MarkdownEditor
            name="body"
            label="Text (Markdown)"
            error={fields.body}
            onChange={(body) => {
              setDraft({ ...draft, body });
            }}
          />
          <FormField label="Tags (comma-separated)" name="tags" error={fields.tags} />
          <Alert message={error} />
          <button type="submit" disabled={busy}>
            Publish
          </button>
        </form>
      </section>
      <aside aria-labelledby="similar-heading" aria-live="polite" className="similar">
        <h2 id="similar-heading">Already asked?</h2>
        {similar.length === 0 ? (
          <p className="empty">Posts like yours appear here as you type.</p>
        ) : (
          <ul>
            {similar.map(({ post, similarity }) => (
              <li key={post.id}>
                <Link to={`/p/${post.id}`}>{post.title}</Link>{" "}
                <span className="meta">
                  c/{post.community.slug} · {Math.round(similarity * 100)}% alike
                </span>
              </li>
            ))}
          </ul>
        )}
      </aside>
    </div>
  );
}

// Suggestions for the draft, asked at most once per pause in typing
// (600 ms), and only when there is a title worth comparing.
function useSimilar(title: string, body: string, enabled: boolean): Similar {
  const [items, setItems] = useState<Similar>([]);
  useEffect(() => {
    if (!enabled || title.trim().length < 8) {
      setItems([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      void api
        .POST("/api/v1/posts/similar", { body: { title, body, limit: 5 } })
        .then((r) => {
          // Suggestions are a help, not a step: a failure (503 while the model is away) shows none.
          if (live) setItems(r.data?.items ?? []);
        });
    }, 600);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [title, body, enabled]);
  return items;
}

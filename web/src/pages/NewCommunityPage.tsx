import { useNavigate } from "react-router";
import { api, unwrap } from "../api/client";
import { Alert } from "../components/Alert";
import { FormField } from "../components/FormField";
import { formText } from "../formText";
import { useSession } from "../session";
import { useApiForm } from "../useApiForm";
import { useTitle } from "../useTitle";
import { SignInFirst } from "../components/SignInFirst";

export function NewCommunityPage() {
  useTitle("New community");
  const { me, loading } = useSession();
  const navigate = useNavigate();
  const { busy, error, fields, handle } = useApiForm("The community was not created.");
  const submit = handle(async (form) => {
    const created = unwrap(
      await api.POST("/api/v1/communities", {
        body: {
          slug: formText(form, "slug"),
          name: formText(form, "name"),
          description: formText(form, "description"),
          visibility: formText(form, "visibility") as "public" | "restricted" | "private",
        },
      }),
    );
    void navigate(`/c/${created.slug}`);
  });

  if (loading) return null;
  if (!me) return <SignInFirst title="New community" to="to create a community" />;
  return (
    <section className="narrow">
      <h1>New community</h1>
      <form onSubmit={submit} noValidate>
        <FormField label="Name" name="name" required maxLength={100} error={fields.name} />
        <FormField
          label="Address (c/…): lower-case letters, digits, - and _"
          name="slug"
          required
          pattern="[a-z0-9][a-z0-9_-]{1,31}"
          error={fields.slug}
        />
        <FormField label="Description" name="description" error={fields.description} />
        <fieldset className="field">
          <legend>Who may read and post</legend>
          <label>
            <input type="radio" name="visibility" value="public" defaultChecked /> Public: anyone reads, members post
          </label>
          <label>
            <input type="radio" name="visibility" value="restricted" /> Restricted: anyone reads, moderators post
          </label>
          <label>
            <input type="radio" name="visibility" value="private" /> Private: members only
          </label>
        </fieldset>
        <Alert message={error} />
        <button type="submit" disabled={busy}>
          Create community
        </button>
      </form>
    </section>
  );
}

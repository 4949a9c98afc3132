import { api, expectOk } from "../../api/client";
import { ConfirmAction } from "../../components/ConfirmAction";
import { UsernameField } from "../../components/UsernameField";
import { usernameFrom } from "../../fieldError";
import { ban, BanFields } from "./ban";

// Ban anyone by username, or lift a ban by username (the API has no list
// of a community's bans to pick from).
export function BanForms({ slug, announce }: { slug: string; announce: (message: string) => void }) {
  return (
    <section aria-labelledby="bans-heading">
      <h2 id="bans-heading">Bans</h2>
      <p className="meta">A banned user can no longer post, comment or vote in c/{slug}, and stops being a member.</p>
      <div className="actions wrap">
        <ConfirmAction
          trigger="Ban a user…"
          triggerClass="secondary"
          question={`Ban a user from c/${slug}`}
          confirm="Ban"
          destructive
          failed="The ban did not take."
          fields={(errors) => <BanFields errors={errors} withUsername />}
          onConfirm={async (form) => {
            announce(await ban(slug, usernameFrom(form), form));
          }}
        />
        <ConfirmAction
          trigger="Lift a ban…"
          triggerClass="secondary"
          question={`Lift a ban in c/${slug}`}
          confirm="Lift ban"
          failed="The ban was not lifted."
          fields={(errors) => <UsernameField error={errors.username} />}
          onConfirm={async (form) => {
            const username = usernameFrom(form);
            expectOk(
              await api.DELETE("/api/v1/communities/{slug}/bans/{username}", { params: { path: { slug, username } } }),
            );
            announce(`@${username} may take part in c/${slug} again.`);
          }}
        />
      </div>
    </section>
  );
}

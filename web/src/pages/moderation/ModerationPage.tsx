import { useCallback } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { api, unwrap, type Schemas } from "../../api/client";
import { canModerate } from "../../canModerate";
import { ModLog } from "../../components/ModLog";
import { SignInFirst } from "../../components/SignInFirst";
import { StatusMessage } from "../../components/StatusMessage";
import { useAnnouncer } from "../../useAnnouncer";
import { useSession } from "../../session";
import { useTitle } from "../../useTitle";
import { NotFoundPage } from "../NotFoundPage";
import { BanForms } from "./BanForms";
import { ReportQueue } from "./ReportQueue";
import { useCommunity } from "../../useCommunity";

type Status = Schemas["Report"]["status"];
const asStatus = (s: string | null): Status => (s === "actioned" || s === "dismissed" ? s : "open");

// /c/:slug/moderation: the community's reports queue, bans and moderation
// log. Owners, moderators and site admins act here; anyone else who may
// read the community is told so and still sees the (public) log.
export function ModerationPage() {
  const { slug = "" } = useParams();
  const [params] = useSearchParams();
  const status = asStatus(params.get("status"));
  const { me, loading } = useSession();
  const [community] = useCommunity(slug);
  const { status: said, announce } = useAnnouncer();
  useTitle(`Moderation of c/${slug}`);


  const loadLog = useCallback(
    async (cursor: string | undefined) =>
      unwrap(
        await api.GET("/api/v1/communities/{slug}/modlog", {
          params: { path: { slug }, query: cursor ? { cursor } : {} },
        }),
      ),
    [slug],
  );

  if (loading) return null;
  if (!me) return <SignInFirst title={`Moderation of c/${slug}`} to="to moderate this community" />;
  if (community === null) return <NotFoundPage />;

  return (
    <div className="moderation">
      <header className="community-header">
        <h1>Moderation of c/{slug}</h1>
        <p className="meta">
          <Link to={`/c/${slug}`}>Back to {community ? community.name : `c/${slug}`}</Link>
        </p>
      </header>
      <StatusMessage message={said.message} serial={said.serial} />
      {community === undefined ? (
        <div className="skeleton-block" aria-hidden="true" />
      ) : canModerate(community, me) ? (
        <>
          <ReportQueue key={`${slug}:${status}`} slug={slug} status={status} announce={announce} />
          <BanForms slug={slug} announce={announce} />
        </>
      ) : (
        <p className="warning">
          Only the moderators of c/{slug} see its reports and act on them. What they have done is public, below.
        </p>
      )}
      <section aria-labelledby="modlog-heading">
        <h2 id="modlog-heading">Moderation log</h2>
        <ModLog load={loadLog} caption={`Moderation log of c/${slug}`} refreshKey={said.serial} />
      </section>
    </div>
  );
}

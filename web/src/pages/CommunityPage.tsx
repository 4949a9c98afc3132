import { useCallback, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { api, expectOk, unwrap } from "../api/client";
import { Feed } from "../components/Feed";
import { SortTabs, type Sort } from "../components/SortTabs";
import { useSession } from "../session";
import { useTitle } from "../useTitle";
import { NotFoundPage } from "./NotFoundPage";
import { Alert } from "../components/Alert";
import { canModerate } from "../canModerate";
import { FollowControl, type Level } from "../components/FollowControl";
import { useCommunity } from "../useCommunity";

export function CommunityPage() {
  const { slug = "" } = useParams();
  const [params] = useSearchParams();
  const sort = (params.get("sort") ?? "hot") as Sort;
  const { me } = useSession();
  const [community, setCommunity] = useCommunity(slug);
  const [error, setError] = useState<string | null>(null);
  useTitle(community ? community.name : `c/${slug}`);


  const load = useCallback(
    async (cursor: string | undefined) =>
      unwrap(
        await api.GET("/api/v1/feed", {
          params: { query: { scope: "community", community: slug, sort, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    [slug, sort],
  );

  async function toggleMembership() {
    if (!community) return;
    setError(null);
    try {
      const path = { params: { path: { slug } } };
      if (community.my_role) expectOk(await api.POST("/api/v1/communities/{slug}/leave", path));
      else unwrap(await api.POST("/api/v1/communities/{slug}/join", path));
      setCommunity(unwrap(await api.GET("/api/v1/communities/{slug}", path)));
    } catch (e) {
      setError(e instanceof Error ? e.message : "That did not work.");
    }
  }

  // Follow at a level (PUT) or stop following (DELETE); the community is re-read for its counts.
  async function follow(level: Level | null) {
    const path = { params: { path: { slug } } };
    if (level) unwrap(await api.PUT("/api/v1/communities/{slug}/subscription", { ...path, body: { level } }));
    else expectOk(await api.DELETE("/api/v1/communities/{slug}/subscription", path));
  }

  if (community === null) return <NotFoundPage />;
  return (
    <>
      <header className="community-header">
        <h1>{community ? community.name : `c/${slug}`}</h1>
        {community ? (
          <p className="meta">
            c/{community.slug} · {community.member_count} {community.member_count === 1 ? "member" : "members"} ·{" "}
            {community.post_count} posts
          </p>
        ) : (
          <div className="skeleton-line" aria-hidden="true" />
        )}
        {community?.description ? <p>{community.description}</p> : null}
        <div className="actions">
          {me && community && community.my_role !== "owner" ? (
            <button type="button" onClick={() => void toggleMembership()}>
              {community.my_role ? "Leave" : "Join"}
            </button>
          ) : null}
          {me && community?.my_role ? (
            <Link to={`/submit?c=${encodeURIComponent(slug)}`} className="button">
              New post
            </Link>
          ) : null}
          {me && community ? (
            <FollowControl key={community.my_subscription ?? "none"} level={community.my_subscription} save={follow} />
          ) : null}
          {community && canModerate(community, me) ? (
            <Link to={`/c/${slug}/moderation`}>Moderation</Link>
          ) : null}
        </div>
        <Alert message={error} />
      </header>
      <SortTabs current={sort} />
      <Feed key={`${slug}:${sort}`} load={load} label={`Posts in c/${slug}`} />
    </>
  );
}

import { useCallback, useEffect, useState } from "react";
import { useParams } from "react-router";
import { api, expectOk, unwrap, type Schemas } from "../api/client";
import { Feed } from "../components/Feed";
import { FollowControl, type Level } from "../components/FollowControl";
import { useSession } from "../session";
import { RelativeTime } from "../components/RelativeTime";
import { useTitle } from "../useTitle";
import { NotFoundPage } from "./NotFoundPage";

export function ProfilePage() {
  const { username = "" } = useParams();
  const { me } = useSession();
  const [profile, setProfile] = useState<Schemas["Profile"] | null | undefined>(undefined);
  useTitle(profile ? (profile.display_name || `@${profile.username}`) : `@${username}`);

  useEffect(() => {
    let live = true;
    void api.GET("/api/v1/users/{username}", { params: { path: { username } } }).then((r) => {
      if (live) setProfile(r.data ?? null);
    });
    return () => {
      live = false;
    };
  }, [username, me]);

  async function follow(level: Level | null) {
    const path = { params: { path: { username } } };
    if (level) unwrap(await api.PUT("/api/v1/users/{username}/subscription", { ...path, body: { level } }));
    else expectOk(await api.DELETE("/api/v1/users/{username}/subscription", path));
  }

  const load = useCallback(
    async (cursor: string | undefined) =>
      unwrap(
        await api.GET("/api/v1/users/{username}/posts", {
          params: { path: { username }, query: cursor ? { cursor } : {} },
        }),
      ),
    [username],
  );

  if (profile === null) return <NotFoundPage />;
  return (
    <>
      <header className="community-header">
        <h1>{profile ? profile.display_name || `@${profile.username}` : `@${username}`}</h1>
        {profile ? (
          <p className="meta">
            @{profile.username} · joined <RelativeTime iso={profile.created_at} /> · {profile.post_count} posts ·{" "}
            {profile.comment_count} comments
          </p>
        ) : (
          <div className="skeleton-line" aria-hidden="true" />
        )}
        {profile?.bio ? <p>{profile.bio}</p> : null}
        {me && profile && me.username !== profile.username ? (
          <FollowControl key={profile.my_subscription ?? "none"} level={profile.my_subscription} save={follow} />
        ) : null}
      </header>
      <h2>Posts</h2>
      <Feed key={username} load={load} label={`Posts by @${username}`} />
    </>
  );
}

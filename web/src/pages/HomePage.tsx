import { useCallback } from "react";
import { useSearchParams } from "react-router";
import { api, unwrap } from "../api/client";
import { Feed } from "../components/Feed";
import { SortTabs, type Sort } from "../components/SortTabs";
import { useSession } from "../session";
import { useTitle } from "../useTitle";

// The home feed: the communities a member follows, or every public one for
// a guest.
export function HomePage() {
  const { me, loading } = useSession();
  const [params] = useSearchParams();
  const sort = (params.get("sort") ?? "hot") as Sort;
  const scope = me ? "home" : "all";
  useTitle(me ? "Your feed" : "Agora");
  const load = useCallback(
    async (cursor: string | undefined) =>
      unwrap(await api.GET("/api/v1/feed", { params: { query: { scope, sort, ...(cursor ? { cursor } : {}) } } })),
    [scope, sort],
  );
  return (
    <>
      <h1>{me ? "Your feed" : "Popular on Agora"}</h1>
      <SortTabs current={sort} />
      {loading ? null : <Feed key={`${scope}:${sort}`} load={load} label="Posts" />}
    </>
  );
}

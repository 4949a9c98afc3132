import { useEffect, useState } from "react";
import { api, type Schemas } from "./api/client";
import { useSession } from "./session";

type Community = Schemas["Community"];

// A community as the signed-in person sees it (their role and follow level),
// read again when they sign in or out: undefined while loading, null when it
// does not exist or may not be read. The setter takes a fresh copy after a
// change (joining, leaving).
export function useCommunity(slug: string): [Community | null | undefined, (c: Community) => void] {
  const { me } = useSession();
  const [community, setCommunity] = useState<Community | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void api.GET("/api/v1/communities/{slug}", { params: { path: { slug } } }).then((r) => {
      if (live) setCommunity(r.response.ok && r.data ? r.data : null);
    });
    return () => {
      live = false;
    };
  }, [slug, me]);
  return [community, setCommunity];
}

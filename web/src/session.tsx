// Who is signed in, read once from GET /api/v1/me (the session is an
// HttpOnly cookie: the page cannot and need not see it).
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, type Schemas } from "./api/client";

export type Me = Schemas["User"];

interface Session {
  me: Me | null;
  loading: boolean;
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const refresh = useCallback(async () => {
    const r = await api.GET("/api/v1/me");
    setMe(r.response.ok && r.data ? r.data.user : null);
    setLoading(false);
  }, []);
  const signOut = useCallback(async () => {
    await api.POST("/api/v1/auth/logout");
    setMe(null);
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const value = useMemo(() => ({ me, loading, refresh, signOut }), [me, loading, refresh, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside SessionProvider");
  return s;
}

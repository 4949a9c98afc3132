import { Link, NavLink, Outlet, useNavigate } from "react-router";
import { useSession } from "../session";
import { useUnreadCount } from "../useUnreadCount";

export function Layout() {
  const { me, loading, signOut } = useSession();
  const unread = useUnreadCount(me !== null);
  const navigate = useNavigate();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <nav aria-label="Main" className="site-nav">
          <Link to="/" className="brand">
            Agora
          </Link>
          <form
            role="search"
            className="header-search"
            onSubmit={(e) => {
              e.preventDefault();
              const q = new FormData(e.currentTarget).get("q");
              if (typeof q === "string" && q.trim()) void navigate(`/search?q=${encodeURIComponent(q.trim())}`);
            }}
          >
            <label htmlFor="header-q" className="visually-hidden">
              Search posts
            </label>
            <input id="header-q" name="q" type="search" placeholder="Search by meaning…" />
          </form>
          <div className="account" aria-live="polite">
            {loading ? null : me ? (
              <>
                <NavLink to="/submit" className="button">
                  New post
                </NavLink>
                {/* Named by its own text ("Notifications, 2 unread"): what is
                    seen is what speech input users say. */}
                <NavLink to="/notifications" className="bell">
                  Notifications
                  {unread > 0 ? (
                    <span className="badge">
                      <span className="visually-hidden">, </span>
                      {unread}
                      <span className="visually-hidden"> unread</span>
                    </span>
                  ) : (
                    <span className="visually-hidden">, 0 unread</span>
                  )}
                </NavLink>
                <NavLink to={`/u/${me.username}`}>@{me.username}</NavLink>
                <NavLink to="/settings">Settings</NavLink>
                {me.role === "admin" ? <NavLink to="/admin">Admin</NavLink> : null}
                <button type="button" className="link-button" onClick={() => void signOut()}>
                  Sign out
                </button>
              </>
            ) : (
              <>
                <NavLink to="/login">Sign in</NavLink>
                <NavLink to="/signup" className="button">
                  Join
                </NavLink>
              </>
            )}
          </div>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

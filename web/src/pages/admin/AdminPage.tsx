import { useCallback } from "react";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import { ModLog } from "../../components/ModLog";
import { useTitle } from "../../useTitle";
import { ActivityCharts } from "./ActivityCharts";
import { AdminOnly } from "./AdminOnly";
import { QueueHealth } from "./QueueHealth";
import { SiteTotals } from "./SiteTotals";
import { SuspensionForms } from "./SuspensionForms";

// /admin: the site at a glance for administrators. Loaded on demand
// (React.lazy in App.tsx), so none of it weighs on the first page load.
export function AdminPage() {
  useTitle("Admin");
  return (
    <AdminOnly title="Admin">
      <Dashboard />
    </AdminOnly>
  );
}

function Dashboard() {
  const loadAudit = useCallback(
    async (cursor: string | undefined) =>
      unwrap(await api.GET("/api/v1/admin/audit-log", { params: { query: cursor ? { cursor } : {} } })),
    [],
  );
  return (
    <div className="admin">
      <h1>Admin</h1>
      <nav aria-label="Admin tools" className="actions">
        <Link to="/admin/mailbox">Development mailbox</Link>
      </nav>
      <SiteTotals />
      <ActivityCharts />
      <QueueHealth />
      <SuspensionForms />
      <section aria-labelledby="admin-audit">
        <h2 id="admin-audit">Audit log</h2>
        <p className="meta">Every moderator and admin action, newest first.</p>
        <ModLog load={loadAudit} caption="Audit log" showCommunity />
      </section>
    </div>
  );
}

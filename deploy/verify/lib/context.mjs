// Facts the checks compare against, read from the repository itself.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { REPO, VERIFY_DIR } from "./paths.mjs";

// AGORA_* names of the README's configuration table: what `agora` accepts.
export function agoraSettings() {
  const readme = readFileSync(path.join(REPO, "README.md"), "utf8");
  const names = new Set([...readme.matchAll(/^\| `(AGORA_[A-Z0-9_]+)` \|/gm)].map((m) => m[1]));
  if (names.size < 10) throw new Error("README.md: configuration table not found (expected | `AGORA_...` | rows)");
  return names;
}

// Documented exceptions to the Kubernetes policy checks.
export function policyExceptions() {
  const list = parse(readFileSync(path.join(VERIFY_DIR, "policy-exceptions.yaml"), "utf8")) ?? [];
  for (const e of list) if (!e.reason || e.reason.length < 20) throw new Error(`policy-exceptions.yaml: ${e.check} ${e.name} needs a reason`);
  return list;
}

// Path prefixes agora serves to the public: the first segment of every path in
// docs/openapi.yaml (which the server's route test keeps equal to the router),
// except the operations endpoints (/livez, /readyz for probes, /metrics for
// Prometheus inside the cluster). Today: /api and /media.
export function publicPrefixes() {
  const api = parse(readFileSync(path.join(REPO, "docs/openapi.yaml"), "utf8"));
  const prefixes = new Set();
  for (const [p, item] of Object.entries(api.paths ?? {})) {
    const ops = Object.entries(item).filter(([m]) => ["get", "put", "post", "delete", "patch", "head", "options"].includes(m));
    if (ops.length && ops.every(([, op]) => (op.tags ?? []).includes("operations"))) continue;
    prefixes.add(`/${p.split("/")[1]}`);
  }
  if (!prefixes.size) throw new Error("docs/openapi.yaml: no public paths found");
  return [...prefixes].sort();
}

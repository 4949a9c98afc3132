// Policy checks over the rendered objects of one overlay. Each check has a
// name (used by fixtures/k8s/*/kustomization.yaml "# expect:" lines and by
// policy-exceptions.yaml) and returns violations { check, case, id, message }.
// A check that tests several independent things names each one (a case, in
// CASES below), so every case is proven by a fixture of its own.
import { id } from "./kustomize.mjs";

const WORKLOADS = ["Deployment", "DaemonSet", "StatefulSet", "Job", "CronJob", "Pod"];
const LONG_RUNNING = ["Deployment", "DaemonSet", "StatefulSet"];

export function podSpec(o) {
  if (o.kind === "Pod") return o.spec;
  if (o.kind === "CronJob") return o.spec?.jobTemplate?.spec?.template?.spec;
  return o.spec?.template?.spec;
}
export function podLabels(o) {
  if (o.kind === "Pod") return o.metadata?.labels ?? {};
  if (o.kind === "CronJob") return o.spec?.jobTemplate?.spec?.template?.metadata?.labels ?? {};
  return o.spec?.template?.metadata?.labels ?? {};
}
const containersOf = (ps) => [...(ps?.initContainers ?? []), ...(ps?.containers ?? [])];
const matches = (selector, labels) =>
  Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v) &&
  (selector?.matchExpressions ?? []).every((e) =>
    e.operator === "In" ? e.values.includes(labels[e.key]) :
    e.operator === "NotIn" ? !e.values.includes(labels[e.key]) :
    e.operator === "Exists" ? e.key in labels : !(e.key in labels));
const isAgora = (c) => c.name === "agora";
const ns = (o) => o.metadata?.namespace ?? "";

// Settings a container sees: its env, then ConfigMaps it loads with envFrom
// (rendered in the same overlay; kustomize has rewritten hashed names).
function envOf(objs, o, c) {
  const env = {};
  for (const ef of c.envFrom ?? []) {
    const name = ef.configMapRef?.name;
    if (!name) continue;
    const cm = objs.find((x) => x.kind === "ConfigMap" && x.metadata.name === name && ns(x) === ns(o));
    Object.assign(env, cm?.data ?? {});
  }
  for (const e of c.env ?? []) if ("value" in e) env[e.name] = e.value;
  return env;
}

const CHECKS = {
  // Long-running containers tell Kubernetes when to restart them and when
  // to send them traffic.
  probes(objs, v) {
    for (const o of objs.filter((x) => LONG_RUNNING.includes(x.kind)))
      for (const c of podSpec(o)?.containers ?? []) {
        if (!c.readinessProbe) v(o, `container ${c.name} has no readinessProbe`, "readiness");
        if (!c.livenessProbe) v(o, `container ${c.name} has no livenessProbe`, "liveness");
      }
  },
  // Requests for scheduling (and Fargate sizing), limits against a runaway.
  resources(objs, v) {
    for (const o of objs.filter((x) => WORKLOADS.includes(x.kind)))
      for (const c of containersOf(podSpec(o)))
        for (const k of ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory"]) {
          const [a, b] = k.split(".");
          if (c.resources?.[a]?.[b] === undefined) v(o, `container ${c.name} has no resources.${k}`);
        }
  },
  "non-root"(objs, v) {
    for (const o of objs.filter((x) => WORKLOADS.includes(x.kind))) {
      const ps = podSpec(o);
      for (const c of containersOf(ps)) {
        const nonRoot = c.securityContext?.runAsNonRoot ?? ps?.securityContext?.runAsNonRoot;
        const user = c.securityContext?.runAsUser ?? ps?.securityContext?.runAsUser;
        if (nonRoot !== true) v(o, `container ${c.name} does not set runAsNonRoot: true`, "run-as-non-root");
        if (user === 0) v(o, `container ${c.name} runs as uid 0`, "uid-0");
      }
    }
  },
  "read-only-root"(objs, v) {
    for (const o of objs.filter((x) => WORKLOADS.includes(x.kind)))
      for (const c of containersOf(podSpec(o)))
        if (c.securityContext?.readOnlyRootFilesystem !== true) v(o, `container ${c.name} has a writable root file system`);
  },
  "drop-all"(objs, v) {
    for (const o of objs.filter((x) => WORKLOADS.includes(x.kind)))
      for (const c of containersOf(podSpec(o))) {
        const sc = c.securityContext ?? {};
        if (!(sc.capabilities?.drop ?? []).includes("ALL")) v(o, `container ${c.name} does not drop ALL capabilities`, "drop-all");
        if ((sc.capabilities?.add ?? []).length) v(o, `container ${c.name} adds capabilities ${sc.capabilities.add}`, "add");
        if (sc.allowPrivilegeEscalation !== false) v(o, `container ${c.name} allows privilege escalation`, "escalation");
        if (sc.privileged) v(o, `container ${c.name} is privileged`, "privileged");
      }
  },
  seccomp(objs, v) {
    for (const o of objs.filter((x) => WORKLOADS.includes(x.kind))) {
      const ps = podSpec(o);
      for (const c of containersOf(ps)) {
        const t = c.securityContext?.seccompProfile?.type ?? ps?.securityContext?.seccompProfile?.type;
        if (!["RuntimeDefault", "Localhost"].includes(t)) v(o, `container ${c.name} has no RuntimeDefault seccomp profile`);
      }
    }
  },
  // No floating tags; our own image only by digest (what was tested is what runs).
  "image-pinned"(objs, v) {
    for (const o of objs.filter((x) => WORKLOADS.includes(x.kind)))
      for (const c of containersOf(podSpec(o))) {
        const img = c.image ?? "";
        const digest = /@sha256:[0-9a-f]{64}$/.test(img);
        const tag = /:([^/@:]+)$/.exec(img.split("@")[0])?.[1];
        if (!digest && !tag) v(o, `container ${c.name} image "${img}" has no tag or digest`, "untagged");
        if (tag === "latest") v(o, `container ${c.name} image "${img}" uses the latest tag`, "latest");
        // (a latest tag is the case above, not this one)
        if (isAgora(c) && !digest && tag !== "latest") v(o, `container ${c.name} image "${img}" is not pinned by digest`, "agora-digest");
      }
  },
  // Voluntary disruptions (node drains, upgrades) must leave capacity.
  pdb(objs, v) {
    for (const o of objs.filter((x) => x.kind === "Deployment")) {
      const hpa = objs.find((x) => x.kind === "HorizontalPodAutoscaler" && ns(x) === ns(o) && x.spec?.scaleTargetRef?.name === o.metadata.name);
      const replicas = o.spec?.replicas ?? 1;
      const effective = replicas === 0 ? 0 : Math.max(replicas, hpa?.spec?.minReplicas ?? 0);
      if (effective <= 1) continue;
      const labels = podLabels(o);
      const pdb = objs.find((x) => x.kind === "PodDisruptionBudget" && ns(x) === ns(o) && matches(x.spec?.selector, labels));
      if (!pdb) v(o, `runs ${effective} replicas but no PodDisruptionBudget selects its pods`);
    }
  },
  // An HPA owns the replica count; a count in the manifest would reset it to
  // that number on every apply (0 stays allowed: a deliberately parked Deployment).
  "hpa-replicas"(objs, v) {
    for (const o of objs.filter((x) => x.kind === "Deployment")) {
      const hpa = objs.some((x) => x.kind === "HorizontalPodAutoscaler" && ns(x) === ns(o) && x.spec?.scaleTargetRef?.kind === "Deployment" && x.spec?.scaleTargetRef?.name === o.metadata.name);
      if (hpa && o.spec?.replicas !== undefined && o.spec.replicas !== 0) v(o, `sets replicas: ${o.spec.replicas} although an HPA scales it`);
    }
  },
  "default-deny"(objs, v) {
    const namespaces = new Set(objs.filter((x) => WORKLOADS.includes(x.kind)).map(ns));
    for (const n of namespaces) {
      const deny = objs.some(
        (x) => x.kind === "NetworkPolicy" && ns(x) === n &&
          Object.keys(x.spec?.podSelector ?? {}).length === 0 &&
          ["Ingress", "Egress"].every((t) => (x.spec?.policyTypes ?? []).includes(t)) &&
          !(x.spec?.ingress ?? []).length && !(x.spec?.egress ?? []).length,
      );
      if (!deny) v({ kind: "Namespace", metadata: { name: n } }, `namespace ${n} runs pods but has no default-deny NetworkPolicy (ingress and egress)`);
    }
  },
  // Every workload has its own explicit allows, and every Service port is
  // reachable through one.
  "netpol-coverage"(objs, v) {
    const policies = objs.filter((x) => x.kind === "NetworkPolicy");
    for (const o of objs.filter((x) => WORKLOADS.includes(x.kind))) {
      const labels = podLabels(o);
      const own = policies.filter((p) => ns(p) === ns(o) && Object.keys(p.spec?.podSelector ?? {}).length && matches(p.spec.podSelector, labels));
      if (!own.length) v(o, "no NetworkPolicy selects its pods with explicit allows", "workload");
    }
    for (const s of objs.filter((x) => x.kind === "Service")) {
      const workloads = objs.filter((x) => WORKLOADS.includes(x.kind) && ns(x) === ns(s) && Object.keys(s.spec?.selector ?? {}).length &&
        Object.entries(s.spec.selector).every(([k, val]) => podLabels(x)[k] === val));
      for (const port of s.spec?.ports ?? []) {
        for (const w of workloads) {
          const cport = (podSpec(w).containers ?? []).flatMap((c) => c.ports ?? [])
            .find((p) => p.name === port.targetPort || p.containerPort === port.targetPort || (port.targetPort === undefined && p.containerPort === port.port));
          const num = cport?.containerPort ?? port.targetPort ?? port.port;
          const allowed = policies.some((p) => ns(p) === ns(s) && matches(p.spec?.podSelector, podLabels(w)) &&
            (p.spec?.ingress ?? []).some((r) => !(r.ports ?? []).length || r.ports.some((rp) => rp.port === num || (cport && rp.port === cport.name))));
          if (!allowed) v(s, `port ${port.name ?? port.port} -> ${num} of ${id(w)} is not allowed by any ingress NetworkPolicy`, "service-port");
        }
      }
    }
  },
  // The kubelet's SIGKILL must not cut agora's shutdown short (ADR 0011).
  "grace-period"(objs, v) {
    for (const o of objs.filter((x) => x.kind === "Deployment")) {
      const ps = podSpec(o);
      const grace = ps?.terminationGracePeriodSeconds ?? 30;
      for (const c of ps?.containers ?? []) {
        const env = envOf(objs, o, c);
        const drain = Number(env.AGORA_DRAIN_MS ?? 5000) / 1000;
        const deadline = Number(env.AGORA_SHUTDOWN_DEADLINE_MS ?? 20000) / 1000;
        const preStop = c.lifecycle?.preStop?.sleep?.seconds ?? 0;
        if (!(grace > preStop + drain + deadline))
          v(o, `terminationGracePeriodSeconds ${grace} is not above preStop ${preStop} s + drain ${drain} s + deadline ${deadline} s for container ${c.name}`);
      }
    }
  },
  // New pods must be ready before old ones go (zero-downtime rollouts).
  "rolling-update"(objs, v) {
    for (const o of objs.filter((x) => x.kind === "Deployment")) {
      const s = o.spec?.strategy;
      if (s?.type !== "RollingUpdate" || s?.rollingUpdate?.maxUnavailable !== 0)
        v(o, "strategy is not RollingUpdate with maxUnavailable: 0");
    }
  },
  // agora stops at start on an unknown AGORA_* variable (ADR 0010).
  "agora-config"(objs, v, ctx) {
    for (const o of objs.filter((x) => WORKLOADS.includes(x.kind)))
      for (const c of containersOf(podSpec(o)).filter(isAgora))
        for (const k of Object.keys(envOf(objs, o, c)))
          if (k.startsWith("AGORA_") && !ctx.agoraSettings.has(k)) v(o, `container ${c.name} gets ${k}, which agora does not know (README configuration table)`);
  },
  // Settings that only work together, as agora checks them at start (a
  // missing half stops every pod), and what never belongs in a ConfigMap:
  // the SMTP password (from a Secret) and static AWS keys (IRSA only,
  // docs/adr/0079). The mail-sending worker must get its SMTP credentials
  // from an ExternalSecret of its namespace.
  "agora-settings"(objs, v) {
    // ConfigMaps are named as generated (agora-config, not agora-config-<hash>),
    // so a violation names the same object whatever the content.
    const generated = (cm) => ({ kind: cm.kind, metadata: { namespace: ns(cm), name: cm.metadata.name.replace(/-[a-z0-9]{10}$/, "") } });
    const withAgora = objs.filter((x) => x.kind === "ConfigMap" && Object.keys(x.data ?? {}).some((k) => k.startsWith("AGORA_")));
    for (const real of withAgora) {
      const cm = generated(real);
      const d = real.data;
      const urls = ["AGORA_SQS_EMAILS_URL", "AGORA_SQS_ANALYTICS_URL", "AGORA_SQS_JOBS_URL"];
      if (d.AGORA_QUEUE === "sqs") {
        const bad = urls.filter((k) => !/^https:\/\/\S+$/.test(d[k] ?? ""));
        if (bad.length) v(cm, `AGORA_QUEUE=sqs without an https:// URL in ${bad.join(", ")}`, "queue");
      }
      if (d.AGORA_STORAGE === "s3" && !d.AGORA_S3_BUCKET) v(cm, "AGORA_STORAGE=s3 without AGORA_S3_BUCKET", "storage");
      if (d.AGORA_MAILER === "smtp" && !/^smtps?:\/\/[^\s/:]+:\d+$/.test(d.AGORA_SMTP_URL ?? ""))
        v(cm, `AGORA_MAILER=smtp without an smtp://host:port or smtps://host:port AGORA_SMTP_URL (got ${JSON.stringify(d.AGORA_SMTP_URL ?? "")})`, "mailer");
      for (const k of ["AGORA_SMTP_PASSWORD", "AGORA_SMTP_USERNAME"]) if (k in d) v(cm, `${k} in a ConfigMap (it comes from the agora-smtp ExternalSecret)`, "secret-in-config");
    }
    const AWS_KEYS = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"];
    for (const cm of objs.filter((x) => x.kind === "ConfigMap"))
      for (const k of AWS_KEYS) if (k in (cm.data ?? {})) v(generated(cm), `${k} in a ConfigMap: AWS credentials come from IRSA only`, "static-aws-keys");
    for (const o of objs.filter((x) => WORKLOADS.includes(x.kind)))
      for (const c of containersOf(podSpec(o))) {
        for (const e of c.env ?? []) if (AWS_KEYS.includes(e.name)) v(o, `container ${c.name} sets ${e.name}: AWS credentials come from IRSA only`, "static-aws-keys");
        if (!isAgora(c) || (c.args ?? [])[0] !== "worker" || envOf(objs, o, c).AGORA_MAILER !== "smtp") continue;
        // Keys the container gets from Secrets that an ExternalSecret of its namespace fills.
        const fromSecrets = new Set((c.envFrom ?? []).flatMap((ef) => {
          const es = objs.find((x) => x.kind === "ExternalSecret" && ns(x) === ns(o) && (x.spec?.target?.name ?? x.metadata.name) === ef.secretRef?.name);
          return (es?.spec?.data ?? []).map((dd) => dd.secretKey);
        }));
        const missing = ["AGORA_SMTP_USERNAME", "AGORA_SMTP_PASSWORD"].filter((k) => !fromSecrets.has(k));
        if (missing.length) v(o, `container ${c.name} sends mail over SMTP but gets no ${missing.join(", ")} from an ExternalSecret`, "smtp-credentials");
      }
  },
  // Only GA API versions: beta and alpha versions get removed in upgrades
  // (the models also keep removed versions, e.g. policy/v1beta1, so the
  // schema alone does not catch them).
  "stable-api"(objs, v) {
    for (const o of objs) if (/\/v\d+(alpha|beta)\d*$|^v\d+(alpha|beta)\d*$/.test(o.apiVersion ?? "")) v(o, `uses ${o.apiVersion}`);
  },
  // The ALB is made by the AWS Load Balancer Controller from the Ingress, so
  // the checklist's ALB rules are checked on its annotations (checkov ids).
  "alb-ingress"(objs, v) {
    for (const o of objs.filter((x) => x.kind === "Ingress" && x.spec?.ingressClassName === "alb")) {
      const a = o.metadata?.annotations ?? {};
      const attrs = Object.fromEntries((a["alb.ingress.kubernetes.io/load-balancer-attributes"] ?? "")
        .split(",").filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
      if (attrs["routing.http.drop_invalid_header_fields.enabled"] !== "true") v(o, "CKV_AWS_131: the ALB does not drop invalid header fields", "CKV_AWS_131");
      if (attrs["deletion_protection.enabled"] !== "true") v(o, "CKV_AWS_150: the ALB has no deletion protection", "CKV_AWS_150");
      if (attrs["access_logs.s3.enabled"] !== "true" || !attrs["access_logs.s3.bucket"]) v(o, "CKV_AWS_91: the ALB writes no access logs", "CKV_AWS_91");
      if (!/^ELBSecurityPolicy-TLS13-/.test(a["alb.ingress.kubernetes.io/ssl-policy"] ?? "")) v(o, "CKV_AWS_103: the HTTPS listener does not use a TLS 1.3 security policy", "CKV_AWS_103");
      if (!a["alb.ingress.kubernetes.io/wafv2-acl-arn"]) v(o, "CKV2_AWS_28: the ALB is not associated with a WAFv2 web ACL", "CKV2_AWS_28");
      if (a["alb.ingress.kubernetes.io/ssl-redirect"] !== "443") v(o, "HTTP is not redirected to HTTPS", "ssl-redirect");
      if (a["alb.ingress.kubernetes.io/target-type"] !== "ip") v(o, "targets are not pod IPs (target-type ip; needed for the readiness gate)", "target-type");
    }
  },
  // Every path prefix agora serves publicly (ctx.publicPrefixes: the first
  // segments of docs/openapi.yaml's paths, operations excepted: /api, /media)
  // must reach agora serve through the Ingress, or the ALB answers 404 for
  // it; /metrics must not (it is scraped inside the cluster).
  "ingress-routes"(objs, v, ctx) {
    const ingresses = objs.filter((x) => x.kind === "Ingress");
    const routes = ingresses.flatMap((ing) => (ing.spec?.rules ?? []).flatMap((r) =>
      (r.http?.paths ?? []).map((p) => ({ ing, path: p.path ?? "", type: p.pathType, service: p.backend?.service }))));
    // Does an Ingress path match every request path under `prefix` (Prefix
    // matching is by whole path elements)?
    const covers = (r, prefix) => {
      const base = r.path.replace(/\/+$/, "");
      if (r.type === "Exact") return r.path === prefix;
      return r.type === "Prefix" && (base === "" || prefix === base || prefix.startsWith(`${base}/`));
    };
    for (const prefix of ctx.publicPrefixes ?? []) {
      const r = routes.find((x) => x.type === "Prefix" && covers(x, prefix));
      if (!r) v(ingresses[0] ?? { kind: "Ingress", metadata: { name: "(none)" } }, `agora serves ${prefix}/ publicly but no Ingress path of type Prefix routes it`, "unrouted-prefix");
      else if (r.service?.name !== "agora-serve" || r.service?.port?.name !== "http")
        v(r.ing, `${prefix}/ is routed to ${r.service?.name}:${r.service?.port?.name ?? r.service?.port?.number}, not agora-serve:http`, "wrong-backend");
    }
    for (const r of routes) if (covers(r, "/metrics")) v(r.ing, `path ${r.path} (${r.type}) exposes /metrics through the public load balancer`, "metrics-exposed");
  },
  // Secrets come from AWS Secrets Manager through External Secrets, never from Git.
  "no-secrets"(objs, v) {
    for (const o of objs.filter((x) => x.kind === "Secret")) v(o, "a Secret in the manifests (use an ExternalSecret)");
  },
  // Each workload runs as its own ServiceAccount; ours are bound to IAM roles.
  "service-account"(objs, v) {
    for (const o of objs.filter((x) => WORKLOADS.includes(x.kind))) {
      const name = podSpec(o)?.serviceAccountName;
      if (!name || name === "default") { v(o, "runs as the default ServiceAccount", "default"); continue; }
      const sa = objs.find((x) => x.kind === "ServiceAccount" && x.metadata.name === name && ns(x) === ns(o));
      if (!sa) v(o, `ServiceAccount ${name} is not in the manifests`, "missing");
      else if (!sa.metadata?.annotations?.["eks.amazonaws.com/role-arn"]) v(o, `ServiceAccount ${name} has no IRSA role (eks.amazonaws.com/role-arn)`, "no-irsa");
    }
  },
};

export const CHECK_NAMES = Object.keys(CHECKS);

// The cases of the checks that test several things (the third argument of
// their violations); every other check is one case.
export const CASES = {
  probes: ["readiness", "liveness"],
  "non-root": ["run-as-non-root", "uid-0"],
  "drop-all": ["drop-all", "add", "escalation", "privileged"],
  "image-pinned": ["untagged", "latest", "agora-digest"],
  "netpol-coverage": ["workload", "service-port"],
  "alb-ingress": ["CKV_AWS_131", "CKV_AWS_150", "CKV_AWS_91", "CKV_AWS_103", "CKV2_AWS_28", "ssl-redirect", "target-type"],
  "ingress-routes": ["unrouted-prefix", "wrong-backend", "metrics-exposed"],
  "service-account": ["default", "missing", "no-irsa"],
  "agora-settings": ["queue", "storage", "mailer", "secret-in-config", "static-aws-keys", "smtp-credentials"],
};
// "check" or "check/case": what a fixture's "# expect:" line names.
export const CASE_NAMES = CHECK_NAMES.flatMap((c) => (CASES[c] ? CASES[c].map((k) => `${c}/${k}`) : [c]));

// ctx: { agoraSettings: Set<string>, publicPrefixes: string[], exceptions: [{check, kind, namespace, name, reason}] }
export function checkPolicies(objs, ctx) {
  const out = [];
  for (const [check, fn] of Object.entries(CHECKS)) {
    fn(objs, (o, message, kase) => {
      // A case name is what ties a violation to its fixture: it must be declared.
      if ((kase !== undefined || CASES[check]) && !CASES[check]?.includes(kase)) throw new Error(`check ${check}: undeclared case ${kase}`);
      const excepted = (ctx.exceptions ?? []).some((e) => e.check === check && e.kind === o.kind &&
        (e.namespace ?? "") === ns(o) && e.name === o.metadata?.name);
      if (!excepted) out.push({ check, case: kase ? `${check}/${kase}` : check, id: id(o), message });
    }, ctx);
  }
  return out;
}

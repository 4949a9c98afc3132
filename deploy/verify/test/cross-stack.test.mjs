// Cross-stack: facts that span deploy/k8s and deploy/terraform, which neither
// suite sees alone (issue 14). The k8s side is the kustomize render; the
// Terraform side is parsed by deploy/terraform/verify's HCL model (its
// node_modules: deploy/terraform/verify/run installs them).
//   alb-log-prefix          the prefix the Ingress's ALB writes access logs under is one the
//                           logs bucket policy lets ELB log delivery write (defect 4)
//   alb-log-principal       that policy names the ELB delivery principals of the deployment's
//                           region: the regional ELB account from data.aws_elb_service_account
//                           (no fixed account, no other region) and the log-delivery service
//   vpc-cni-network-policy  NetworkPolicies in the manifests need the vpc-cni add-on's
//                           enableNetworkPolicy, or none is enforced (defect 3)
//   jobs-isolation          Fargate pods are outside that agent: the jobs namespace's Fargate
//                           profile runs in subnets of its own whose network ACL allows no
//                           egress to the internet that the namespace's NetworkPolicies do not
//   deploy-rbac             the deploy role may apply every object of the render: nothing
//                           cluster-scoped (Terraform's agora-cluster chart owns those), each
//                           (kind, namespace) in its group's Roles, no EKS access policy on top
//                           (defect 1, ADR 0086)
//   addon-pinned            every Helm add-on of modules/eks has an exact chart version
//   addon-role              and, when it calls AWS, an IRSA role of its own (defect 2)
//   addon-required          what the render uses has its controller: HPAs metrics-server,
//                           Ingresses the ALB controller, ExternalSecrets ESO, node groups
//                           cluster-autoscaler
// Bad fixtures (fixtures/cross-stack/<case>/): a case.diff against one real file, named by a
// "# file:" line (the hunk format of deploy/terraform/verify's policy cases), and/or a
// kustomization.yaml rendered in place of overlays/dev; "# expect: <check> <subject>:
// <message>" is the only finding the case may produce.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parse as parseYaml } from "yaml";
import { render, renderAsync, id } from "../lib/kustomize.mjs";
import { FIXTURES, K8S, OVERLAYS, REPO } from "../lib/paths.mjs";
import { figure } from "../lib/figures.mjs";

const TF = path.join(REPO, "deploy/terraform");
const TF_VERIFY = path.join(TF, "verify");
const MODULES = ["eks", "network", "platform", "storage"];
const CHECKS = ["alb-log-prefix", "alb-log-principal", "vpc-cni-network-policy", "jobs-isolation", "deploy-rbac", "addon-pinned", "addon-role", "addon-required"];
const CASES = path.join(FIXTURES, "cross-stack");
const ACCOUNT = "111122223333";
const ELB_SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com";

async function tfLib(name) {
  if (!existsSync(path.join(TF_VERIFY, "node_modules/@cdktf/hcl2json")))
    throw new Error("deploy/terraform/verify/node_modules is missing: run deploy/terraform/verify/run once (npm ci)");
  return import(pathToFileURL(path.join(TF_VERIFY, "lib", name)).href);
}
const { loadModule } = await tfLib("model.mjs");
const { parseCaseDiff, applyHunks } = await tfLib("policy-cases.mjs");

const loadModules = async (root) =>
  Object.fromEntries(await Promise.all(MODULES.map(async (m) => [m, await loadModule(path.join(root, "modules", m))])));
const arr = (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const res = (mod, type, name) => mod.resources.find((r) => r.type === type && (!name || r.name === name));
const variableDefault = (mod, ref) => mod.variables.get(/^\$\{var\.(\w+)\}$/.exec(ref ?? "")?.[1])?.body.default;

// --- defect 4: ALB access logs ---------------------------------------------------------
function albAttributes(o) {
  const a = o.metadata?.annotations?.["alb.ingress.kubernetes.io/load-balancer-attributes"] ?? "";
  return Object.fromEntries(a.split(",").filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
}

// The logs bucket's policy document, through the aws_s3_bucket_policy that attaches it.
function logsPolicy(storage) {
  const bp = storage.resources.find((r) => r.type === "aws_s3_bucket_policy" && /aws_s3_bucket\.logs\.id/.test(r.body.bucket));
  const doc = /^\$\{data\.aws_iam_policy_document\.(\w+)\.json\}$/.exec(bp?.body.policy ?? "")?.[1];
  const d = storage.data.find((x) => x.type === "aws_iam_policy_document" && x.name === doc);
  if (!d) throw new Error("modules/storage: no aws_s3_bucket_policy on aws_s3_bucket.logs with a policy document");
  return d;
}

// An object key pattern of a statement resource, with the account and string locals filled in.
function keyPattern(storage, resource) {
  const m = /^\$\{aws_s3_bucket\.logs\.arn\}\/(.*)$/.exec(resource);
  if (!m) return null;
  return m[1].replace(/\$\{local\.(\w+)\}/g, (all, n) => {
    if (n === "account_id") return ACCOUNT;
    const v = storage.locals.get(n)?.value;
    return typeof v === "string" && !v.includes("${") ? v : all;
  });
}
const globMatch = (glob, key) => new RegExp(`^${glob.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`).test(key);

function checkAlbLogs(objs, storage) {
  const out = [];
  const doc = logsPolicy(storage);
  const elb = storage.data.filter((d) => d.type === "aws_elb_service_account");
  const statements = arr(doc.body.statement).filter((s) => arr(s.actions).includes("s3:PutObject"));
  // ELB delivery statements: the AWS-type principal (the regional ELB account) or the service.
  const albStatements = statements.filter((s) => arr(s.principals).some((p) => p.type === "AWS" || arr(p.identifiers).includes(ELB_SERVICE)));
  const principals = albStatements.flatMap((s) => arr(s.principals).flatMap((p) => arr(p.identifiers).map((i) => ({ sid: s.sid, type: p.type, i }))));
  for (const p of principals.filter((x) => x.type === "AWS")) {
    const ds = /^\$\{data\.aws_elb_service_account\.(\w+)\.arn\}$/.exec(p.i)?.[1];
    const d = elb.find((x) => x.name === ds);
    if (!d) out.push({ check: "alb-log-principal", subject: `statement ${p.sid}`, message: `names ${p.i}, not the ELB account of the deployment region (data.aws_elb_service_account)` });
    else if (d.body.region !== undefined) out.push({ check: "alb-log-principal", subject: `statement ${p.sid}`, message: `data.aws_elb_service_account.${ds} is pinned to region ${d.body.region}, not the provider's` });
  }
  if (!principals.some((p) => p.type === "AWS")) out.push({ check: "alb-log-principal", subject: "logs bucket policy", message: "no statement admits the regional ELB account (regions opened before August 2022 deliver from it)" });
  if (!principals.some((p) => p.type === "Service" && p.i === ELB_SERVICE)) out.push({ check: "alb-log-principal", subject: "logs bucket policy", message: `no statement admits ${ELB_SERVICE} (newer regions deliver from it)` });

  for (const o of objs.filter((x) => x.kind === "Ingress")) {
    const a = albAttributes(o);
    if (a["access_logs.s3.enabled"] !== "true") continue;
    const prefix = (a["access_logs.s3.prefix"] ?? "").replace(/^\/+|\/+$/g, "");
    const key = `${prefix ? prefix + "/" : ""}AWSLogs/${ACCOUNT}/elasticloadbalancing/region/2025/01/01/x.log.gz`;
    const refused = albStatements.filter((s) => !arr(s.resources).some((r) => { const g = keyPattern(storage, r); return g !== null && globMatch(g, key); }));
    if (refused.length) {
      const allowed = [...new Set(refused.flatMap((s) => arr(s.resources).map((r) => keyPattern(storage, r) ?? r)))].map((g) => g.replace(ACCOUNT, "<account>"));
      out.push({ check: "alb-log-prefix", subject: id(o), message: `the ALB writes under ${prefix}/AWSLogs/<account>/ but ${refused.map((s) => s.sid).join(", ")} admit only ${allowed.join(", ")}` });
    }
  }
  return out;
}

// --- defect 3: NetworkPolicy enforcement ------------------------------------------------
// Does the vpc-cni add-on get configuration_values with enableNetworkPolicy "true"? Handles
// a literal add-on and the for_each over a locals map the eks module uses.
function vpcCniEnforces(eks) {
  const enabled = (json) => /"?enableNetworkPolicy"?\s*[=:]\s*"true"/.test(json ?? "");
  for (const r of eks.resources.filter((x) => x.type === "aws_eks_addon")) {
    const cfg = r.body.configuration_values;
    if (r.body.addon_name === "vpc-cni") return enabled(cfg);
    const local = /local\.(\w+)/.exec(r.body.for_each ?? "")?.[1];
    const entry = eks.locals.get(local)?.value?.["vpc-cni"];
    if (r.body.addon_name !== "${each.key}" || !entry) continue;
    const cond = /\bif\s+(!?)\w+\.(\w+)\s*\}?\s*\}$/.exec(r.body.for_each);
    if (cond && Boolean(entry[cond[2]]) === (cond[1] === "!")) continue; // filtered out here
    const attr = /jsonencode\(each\.value\.(\w+)\)/.exec(cfg ?? "")?.[1];
    return attr ? entry[attr]?.enableNetworkPolicy === "true" : enabled(cfg);
  }
  return false;
}

// Egress rules of an ACL: inline egress blocks, and aws_network_acl_rule resources (their
// for_each locals map is read from its source text, entries written { ..., protocol, from,
// to, cidr }).
function aclEgress(network, acl) {
  const rules = arr(acl.body.egress).map((e) => ({ protocol: String(e.protocol), from: Number(e.from_port), to: Number(e.to_port), cidr: e.cidr_block }));
  for (const r of network.resources.filter((x) => x.type === "aws_network_acl_rule" && x.body.network_acl_id === `\${aws_network_acl.${acl.name}.id}`)) {
    if (String(r.body.egress) !== "true") continue;
    if (!/^\$\{each\.value\./.test(r.body.protocol ?? "")) {
      rules.push({ protocol: String(r.body.protocol), from: Number(r.body.from_port), to: Number(r.body.to_port), cidr: r.body.cidr_block });
      continue;
    }
    const local = /^\$\{local\.(\w+)\}$/.exec(r.body.for_each ?? "")?.[1];
    const text = network.locals.get(local);
    const src = text ? text.text.split("\n").slice(text.span.start - 1).join("\n").split(/\n  \w+\s*=|\n\}/)[0] : "";
    for (const m of src.matchAll(/protocol = "([^"]+)", from = (\d+), to = (\d+), cidr = ([^\s}]+)/g))
      rules.push({ protocol: m[1], from: Number(m[2]), to: Number(m[3]), cidr: m[4].replace(/^"|"$/g, "") });
  }
  return rules;
}

// Ports the namespace's NetworkPolicies open to 0.0.0.0/0.
const internetPorts = (objs, ns) => new Set(objs.filter((o) => o.kind === "NetworkPolicy" && o.metadata.namespace === ns)
  .flatMap((p) => arr(p.spec.egress).filter((e) => arr(e.to).some((t) => t.ipBlock?.cidr === "0.0.0.0/0")).flatMap((e) => arr(e.ports).map((x) => `${(x.protocol ?? "TCP").toLowerCase()}/${x.port}`))));

function checkNetworkPolicies(objs, m) {
  const out = [];
  const policies = objs.filter((o) => o.kind === "NetworkPolicy");
  if (policies.length && !vpcCniEnforces(m.eks))
    out.push({ check: "vpc-cni-network-policy", subject: "modules/eks aws_eks_addon vpc-cni", message: `configuration_values lack enableNetworkPolicy "true": the manifests' ${policies.length} NetworkPolicies are not enforced` });

  const fp = res(m.eks, "aws_eks_fargate_profile");
  const ns = m.eks.variables.get(/\$\{var\.(\w+)\}/.exec(arr(fp?.body.selector)[0]?.namespace ?? "")?.[1])?.body.default ?? arr(fp?.body.selector)[0]?.namespace;
  if (!fp || !policies.some((p) => p.metadata.namespace === ns)) return out;
  const subject = `aws_eks_fargate_profile.${fp.name} (${ns})`;
  const fail = (message) => (out.push({ check: "jobs-isolation", subject, message }), out);
  const nodeSubnets = new Set([...m.eks.resources.filter((r) => r.type === "aws_eks_node_group").map((r) => r.body.subnet_ids), arr(res(m.eks, "aws_eks_cluster")?.body.vpc_config)[0]?.subnet_ids]);
  const profileVar = /^\$\{var\.(\w+)\}$/.exec(fp.body.subnet_ids ?? "")?.[1];
  if (!profileVar || nodeSubnets.has(fp.body.subnet_ids))
    return fail(`runs in the node subnets (${fp.body.subnet_ids}): nothing bounds the Fargate pods, which the VPC CNI's policy agent does not reach`);
  const call = m.platform.modules.find((c) => c.body.source === "../eks");
  const out_ = /^\$\{module\.network\.(\w+)\}$/.exec(call?.body[profileVar] ?? "")?.[1];
  const subnet = /^\$\{aws_subnet\.(\w+)\[\*\]\.id\}$/.exec(m.network.outputs.get(out_)?.body.value ?? "")?.[1];
  if (!subnet) return fail(`modules/platform does not pass ${profileVar} from one aws_subnet of modules/network (got ${call?.body[profileVar]})`);
  const acl = m.network.resources.find((r) => r.type === "aws_network_acl" && r.body.subnet_ids === `\${aws_subnet.${subnet}[*].id}`);
  if (!acl) return fail(`no aws_network_acl is associated with aws_subnet.${subnet}, the profile's subnets`);
  const allowed = internetPorts(objs, ns);
  for (const r of aclEgress(m.network, acl).filter((x) => x.cidr === "0.0.0.0/0")) {
    const proto = { 6: "tcp", 17: "udp" }[r.protocol] ?? r.protocol;
    const port = proto === "-1" || proto === "all" ? "all ports" : r.from === r.to ? `${proto}/${r.from}` : `${proto}/${r.from}-${r.to}`;
    if (!allowed.has(port)) fail(`aws_network_acl.${acl.name} lets the pods reach 0.0.0.0/0 on ${port}, which no NetworkPolicy in ${ns} allows`);
  }
  return out;
}

// --- defect 1: what the deploy role may apply -------------------------------------------
// Kind -> RBAC resource for every namespaced kind the overlays may hold.
const RESOURCE = {
  ConfigMap: "configmaps", ServiceAccount: "serviceaccounts", Service: "services", Secret: "secrets",
  Deployment: "deployments", DaemonSet: "daemonsets", StatefulSet: "statefulsets", Job: "jobs", CronJob: "cronjobs",
  HorizontalPodAutoscaler: "horizontalpodautoscalers", PodDisruptionBudget: "poddisruptionbudgets",
  Ingress: "ingresses", NetworkPolicy: "networkpolicies", ExternalSecret: "externalsecrets", SecretStore: "secretstores",
  Role: "roles", RoleBinding: "rolebindings",
};
const chartValues = (root) => parseYaml(readFileSync(path.join(root, "modules/eks/charts/agora-cluster/values.yaml"), "utf8"));

function checkDeployRbac(objs, m, root) {
  const out = [];
  const deploy = chartValues(root).deploy;
  const entry = res(m.eks, "aws_eks_access_entry", "deploy");
  const groups = arr(entry?.body.kubernetes_groups).map((g) => (g === "${local.deploy_group}" ? deploy.group : g));
  if (!groups.includes(deploy.group)) out.push({ check: "deploy-rbac", subject: "aws_eks_access_entry.deploy", message: `kubernetes_groups lacks ${deploy.group}, the group the agora-cluster Roles bind` });
  for (const a of m.eks.resources.filter((r) => r.type === "aws_eks_access_policy_association" && /aws_eks_access_entry\.deploy\b/.test(JSON.stringify(r.body))))
    out.push({ check: "deploy-rbac", subject: `aws_eks_access_policy_association.${a.name}`, message: "an EKS access policy on the deploy role grants more than its Roles" });
  for (const o of objs) {
    const ns = o.metadata?.namespace;
    if (!ns) {
      out.push({ check: "deploy-rbac", subject: id(o), message: "cluster-scoped: Terraform owns it (charts/agora-cluster), the deploy role may not apply it" });
      continue;
    }
    const group = o.apiVersion.includes("/") ? o.apiVersion.split("/")[0] : "";
    const resource = RESOURCE[o.kind] ?? `${o.kind.toLowerCase()}s`;
    if (!arr(deploy.namespaces?.[ns]?.apply?.[group]).includes(resource))
      out.push({ check: "deploy-rbac", subject: id(o), message: `the deploy group's Role in ${ns} does not allow ${group || "core"}/${resource}` });
  }
  return out;
}

// --- defect 2: cluster add-ons -----------------------------------------------------------
const EXACT = /^\d+\.\d+\.\d+$/;
const NEEDS = [
  { kind: "HorizontalPodAutoscaler", chart: "metrics-server", why: "scale on metrics only metrics-server serves" },
  { kind: "Ingress", chart: "aws-load-balancer-controller", why: "get an ALB only from the AWS Load Balancer Controller" },
  { kind: "ExternalSecret", chart: "external-secrets", why: "sync only through the External Secrets Operator" },
];
const NO_AWS = new Set(["metrics-server"]); // calls no AWS API: no role to give it

function checkAddons(objs, eks) {
  const out = [];
  const rel = res(eks, "helm_release", "addon");
  const local = /local\.(\w+)/.exec(rel?.body.for_each ?? "")?.[1];
  const addons = (local && eks.locals.get(local)?.value) || {};
  const sas = eks.locals.get("service_accounts")?.value ?? {};
  if (rel && rel.body.version !== "${each.value.version}") out.push({ check: "addon-pinned", subject: "helm_release.addon", message: `version is ${rel.body.version ?? "unset"}, not each add-on's pinned version` });
  const roles = new Map();
  for (const [name, a] of Object.entries(addons)) {
    if (!EXACT.test(String(a.version ?? ""))) out.push({ check: "addon-pinned", subject: `helm add-on ${name}`, message: `chart version "${a.version ?? ""}" is not an exact version` });
    if (NO_AWS.has(name)) continue;
    if (!a.role || !sas[a.role]) out.push({ check: "addon-role", subject: `helm add-on ${name}`, message: `no IRSA role of its own (role ${a.role ?? "null"} is not a service account of oidc.tf)` });
    else if (roles.has(a.role)) out.push({ check: "addon-role", subject: `helm add-on ${name}`, message: `shares the IRSA role ${a.role} with ${roles.get(a.role)}` });
    else roles.set(a.role, name);
  }
  for (const n of NEEDS) {
    if (objs.some((o) => o.kind === n.kind) && !addons[n.chart]) out.push({ check: "addon-required", subject: n.kind, message: `the render's ${n.kind}${n.kind.endsWith("s") ? "es" : "s"} ${n.why}, which modules/eks does not install` });
  }
  if (eks.resources.some((r) => r.type === "aws_eks_node_group") && !addons["cluster-autoscaler"])
    out.push({ check: "addon-required", subject: "aws_eks_node_group", message: "node groups grow only with cluster-autoscaler, which modules/eks does not install" });
  return out;
}

const checkAll = (objs, m, root = TF) => [...checkAlbLogs(objs, m.storage), ...checkNetworkPolicies(objs, m), ...checkDeployRbac(objs, m, root), ...checkAddons(objs, m.eks)];
const show = (f) => `${f.check} ${f.subject}: ${f.message}`;

test("cross-stack: every overlay agrees with the Terraform (ALB logs, NetworkPolicy enforcement, jobs isolation, deploy RBAC, add-ons)", async () => {
  const m = await loadModules(TF);
  for (const env of OVERLAYS) {
    const objs = render(path.join(K8S, "overlays", env));
    assert.deepEqual(checkAll(objs, m).map(show), [], `overlay ${env}`);
  }
  figure("cross-stack checks", `${CHECKS.length} (${CHECKS.join(", ")}) on ${OVERLAYS.length} overlays`);
});

test("cross-stack bad fixtures: each produces exactly its one finding; every check has one", async () => {
  const dirs = readdirSync(CASES).sort();
  const wrong = [];
  const seen = new Set();
  for (const d of dirs) {
    const dir = path.join(CASES, d);
    const diff = path.join(dir, "case.diff");
    const k8s = path.join(dir, "kustomization.yaml");
    const header = readFileSync(existsSync(diff) ? diff : k8s, "utf8");
    const want = /^# expect: (.+)$/m.exec(header)?.[1].trim();
    assert.ok(CHECKS.includes(want?.split(" ")[0]), `${d}: "# expect: ${want}" does not start with a check`);
    seen.add(want.split(" ")[0]);
    const work = mkdtempSync(path.join(tmpdir(), "agora-cross-stack-"));
    try {
      for (const mod of MODULES) cpSync(path.join(TF, "modules", mod), path.join(work, "modules", mod), { recursive: true });
      if (existsSync(diff)) {
        const file = /^# file: deploy\/terraform\/(\S+)$/m.exec(header)?.[1];
        assert.ok(file && MODULES.includes(file.split("/")[1]), `${d}: "# file: deploy/terraform/modules/<${MODULES.join("|")}>/<file>.tf" missing`);
        const target = path.join(work, file);
        writeFileSync(target, applyHunks(readFileSync(target, "utf8"), parseCaseDiff(header, `${d}/case.diff`), `${d}/case.diff`, file));
      }
      const objs = await renderAsync(existsSync(k8s) ? dir : path.join(K8S, "overlays/dev"));
      const got = checkAll(objs, await loadModules(work), work).map(show);
      if (JSON.stringify(got) !== JSON.stringify([want])) wrong.push(`${d}: expected [${want}], got ${JSON.stringify(got)}`);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  assert.deepEqual(wrong, [], "fixtures that do not produce exactly their one finding");
  assert.deepEqual(CHECKS.filter((c) => !seen.has(c)), [], "checks without a bad fixture");
  figure("cross-stack bad fixtures rejected", `${dirs.length}, one finding each`);
});

// deploy/k8s: every overlay renders, validates against the Kubernetes 1.33
// schema (+ External Secrets CRDs, unknown fields included) and passes every
// policy; each policy and schema rule is shown to fire on a bad fixture;
// Terraform values reach the objects and no placeholder survives a deploy render.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { render, renderAsync, kustomizeTool, id } from "../lib/kustomize.mjs";
import { validateAll, TARGET_KUBERNETES } from "../lib/k8s-schema.mjs";
import { checkPolicies, CASE_NAMES } from "../lib/k8s-policy.mjs";
import { agoraSettings, policyExceptions, publicPrefixes } from "../lib/context.mjs";
import { FIXTURES, K8S, OVERLAYS, REPO } from "../lib/paths.mjs";
import { figure } from "../lib/figures.mjs";

const ctx = { agoraSettings: agoraSettings(), publicPrefixes: publicPrefixes(), exceptions: policyExceptions() };
const expectOf = (file) => /^# expect: (.+)$/m.exec(readFileSync(file, "utf8"))?.[1].trim();

// What every environment must contain (the list). Namespaces, the
// ClusterSecretStore and other cluster-scoped objects are Terraform's (the eks
// module's agora-cluster chart, ADR 0086), not the pipeline's. No CronJobs: the
// worker's in-process scheduler runs the scheduled jobs (docs/adr/0079).
const EXPECTED = [
  "Deployment/agora/agora-serve", "Deployment/agora-jobs/agora-worker", "Deployment/agora/agora-relay",
  "Job/agora/agora-migrate",
  "Service/agora/agora-serve", "Ingress/agora/agora", "HorizontalPodAutoscaler/agora/agora-serve",
  "PodDisruptionBudget/agora/agora-serve", "ServiceAccount/agora/agora-api", "ServiceAccount/agora-jobs/agora-worker",
  "ServiceAccount/agora/agora-relay", "ServiceAccount/agora/agora-migrate", "ServiceAccount/logging/fluent-bit",
  "ExternalSecret/agora/agora-db", "ExternalSecret/agora-jobs/agora-db", "ExternalSecret/agora-jobs/agora-smtp",
  "DaemonSet/logging/fluent-bit", "NetworkPolicy/agora/default-deny-all", "NetworkPolicy/agora-jobs/default-deny-all",
];

test("kustomize is available (kubectl with kustomize v5)", () => {
  const t = kustomizeTool();
  figure("kustomize", `${t.cmd} (${t.version})`);
});

let objects = 0;
for (const env of OVERLAYS) {
  test(`overlay ${env}: renders, is valid Kubernetes ${TARGET_KUBERNETES}, passes every policy`, async () => {
    const objs = render(path.join(K8S, "overlays", env));
    objects += objs.length;
    const have = new Set(objs.map(id));
    assert.deepEqual(EXPECTED.filter((w) => !have.has(w)), [], "objects missing from the render");
    const problems = (await validateAll(objs)).flatMap((p, i) => p.map((m) => `${id(objs[i])}: ${m}`));
    assert.deepEqual(problems, [], "schema problems");
    assert.deepEqual(checkPolicies(objs, ctx), [], "policy violations");
    figure(`objects in ${env}`, objs.length);
  });
}

// Each policy fixture carries exactly one defect. Its "# expect: <check>[/<case>]
// <object>: <message>" line names the only violation it may produce: the
// check (and, for a check that tests several things, which one), the object
// and the message; any other violation, or none, fails.
test("bad fixtures: each fixture produces exactly its one violation; every check and case has one", async () => {
  const dirs = readdirSync(path.join(FIXTURES, "k8s")).sort();
  const seen = new Set();
  const rendered = await Promise.all(dirs.map((d) => renderAsync(path.join(FIXTURES, "k8s", d))));
  const wrong = [];
  dirs.forEach((d, i) => {
    const want = expectOf(path.join(FIXTURES, "k8s", d, "kustomization.yaml"));
    const name = want?.split(" ")[0];
    assert.ok(CASE_NAMES.includes(name), `${d}: "# expect: ${want}" does not start with a check or check/case`);
    const got = checkPolicies(rendered[i], ctx).map((x) => `${x.case} ${x.id}: ${x.message}`);
    if (JSON.stringify(got) !== JSON.stringify([want])) wrong.push(`${d}: expected [${want}], got ${JSON.stringify(got)}`);
    seen.add(name);
  });
  assert.deepEqual(wrong, [], "fixtures that do not produce exactly their one violation");
  assert.deepEqual(CASE_NAMES.filter((c) => !seen.has(c)), [], "checks (or cases) without a bad fixture");
  figure("policy checks proven by bad fixtures", `${seen.size}/${CASE_NAMES.length} checks and cases, one violation each (${dirs.length} fixtures)`);
  figure("public path prefixes routed by the Ingress", ctx.publicPrefixes.join(" "));
});

test("bad fixtures: the schema rejects misspelt fields, wrong types, unknown kinds, missing fields", async () => {
  const dir = path.join(FIXTURES, "k8s-schema");
  const files = readdirSync(dir).sort();
  for (const f of files) {
    const text = readFileSync(path.join(dir, f), "utf8");
    const objs = parseAllDocuments(text).map((d) => d.toJS());
    const problems = (await validateAll(objs)).flat();
    // Exactly the one problem the fixture was written to have.
    assert.deepEqual(problems, [expectOf(path.join(dir, f))], f);
  }
  figure("schema fixtures rejected", `${files.length}, one problem each`);
});

test("Terraform outputs reach the objects; no placeholder is left", () => {
  const work = mkdtempSync(path.join(tmpdir(), "agora-verify-"));
  try {
    cpSync(K8S, path.join(work, "k8s"), { recursive: true });
    const image = `registry.example.test/agora@sha256:${"a".repeat(64)}`;
    const values = execFileSync(path.join(REPO, ".github/scripts/render-values"),
      ["dev", path.join(FIXTURES, "values/terraform-output.json"), image, "10.10.0.0/16"], { encoding: "utf8" });
    writeFileSync(path.join(work, "k8s/overlays/dev/values.env"), values);
    const objs = render(path.join(work, "k8s/overlays/dev"));
    const rendered = objs.map((o) => JSON.stringify(o)).join("\n");
    assert.ok(!/placeholder|192\.0\.2\.0/.test(rendered), "a placeholder survived");
    const get = (k, n) => objs.find((o) => o.kind === k && o.metadata.name === n);
    assert.equal(get("ServiceAccount", "agora-api").metadata.annotations["eks.amazonaws.com/role-arn"], "arn:aws:iam::111122223333:role/agora-test-api");
    assert.equal(get("Ingress", "agora").spec.rules[0].host, "api.agora.example.test");
    assert.match(get("Ingress", "agora").metadata.annotations["alb.ingress.kubernetes.io/load-balancer-attributes"],
      /,access_logs\.s3\.prefix=logs\/alb,access_logs\.s3\.bucket=agora-test-logs$/);
    assert.equal(get("Deployment", "agora-serve").spec.template.spec.containers[0].image, image);
    const cfg = objs.find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("agora-config"));
    assert.equal(cfg.data.AGORA_DATABASE_URL, "dbname=agora_test");
    assert.equal(cfg.data.PGHOST, "agora-test.cluster.example.test");
    // Background work, uploads and mail on AWS (docs/adr/0079), in both namespaces.
    for (const c of objs.filter((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("agora-config"))) {
      assert.equal(c.data.AGORA_QUEUE, "sqs");
      assert.equal(c.data.AGORA_SQS_EMAILS_URL, "https://sqs.example.test/agora-test-emails");
      assert.equal(c.data.AGORA_SQS_ANALYTICS_URL, "https://sqs.example.test/agora-test-analytics");
      assert.equal(c.data.AGORA_SQS_JOBS_URL, "https://sqs.example.test/agora-test-jobs");
      assert.equal(c.data.AGORA_STORAGE, "s3");
      assert.equal(c.data.AGORA_S3_BUCKET, "agora-test-uploads");
      assert.equal(c.data.AGORA_AWS_REGION, "eu-west-1");
      assert.equal(c.data.AGORA_MAILER, "smtp");
      assert.equal(c.data.AGORA_SMTP_URL, "smtp://email-smtp.eu-west-1.amazonaws.com:587");
      assert.equal(c.data.AGORA_MAIL_FROM, "Agora <no-reply@agora.example.test>");
      assert.equal(c.data.AGORA_PUBLIC_URL, "https://agora.example.test");
      assert.ok(!("AGORA_SMTP_PASSWORD" in c.data), "the SMTP password must not be in the config map");
    }
    const smtp = objs.find((o) => o.kind === "ExternalSecret" && o.metadata.name === "agora-smtp");
    assert.deepEqual(smtp.spec.data.map((d) => `${d.secretKey}=${d.remoteRef.key}#${d.remoteRef.property}`), [
      "AGORA_SMTP_USERNAME=arn:aws:secretsmanager:eu-west-1:111122223333:secret:agora-test/ses-smtp-AbCdEf#username",
      "AGORA_SMTP_PASSWORD=arn:aws:secretsmanager:eu-west-1:111122223333:secret:agora-test/ses-smtp-AbCdEf#password",
    ]);
    for (const [sa, role] of [["agora-worker", "worker"], ["agora-relay", "relay"]])
      assert.equal(get("ServiceAccount", sa).metadata.annotations["eks.amazonaws.com/role-arn"], `arn:aws:iam::111122223333:role/agora-test-${role}`);
    // The pipeline's guard accepts this render and refuses the committed one.
    const file = path.join(work, "rendered.yaml");
    writeFileSync(file, execFileSync(kustomizeTool().cmd, [...kustomizeTool().args, path.join(work, "k8s/overlays/dev")]));
    assert.equal(spawnSync(path.join(REPO, ".github/scripts/check-rendered"), [file]).status, 0);
    writeFileSync(file, execFileSync(kustomizeTool().cmd, [...kustomizeTool().args, path.join(K8S, "overlays/dev")]));
    assert.notEqual(spawnSync(path.join(REPO, ".github/scripts/check-rendered"), [file], { stdio: "ignore" }).status, 0);
    // A missing output is an error that names it.
    const partial = path.join(work, "partial.json");
    const tf = JSON.parse(readFileSync(path.join(FIXTURES, "values/terraform-output.json"), "utf8"));
    delete tf.acm_certificate_arn;
    writeFileSync(partial, JSON.stringify(tf));
    const r = spawnSync(path.join(REPO, ".github/scripts/render-values"), ["dev", partial, image, "10.10.0.0/16"], { encoding: "utf8" });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /acm_certificate_arn/);
    // The same for a queue the Terraform of an older commit did not have.
    const tf2 = JSON.parse(readFileSync(path.join(FIXTURES, "values/terraform-output.json"), "utf8"));
    delete tf2.queue_urls.value.jobs;
    writeFileSync(partial, JSON.stringify(tf2));
    const r2 = spawnSync(path.join(REPO, ".github/scripts/render-values"), ["dev", partial, image, "10.10.0.0/16"], { encoding: "utf8" });
    assert.notEqual(r2.status, 0);
    assert.match(r2.stderr, /queue_urls\.value\.jobs/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

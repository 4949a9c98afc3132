// Resource, data source and provider blocks against the AWS provider schema.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { loadModule, awsRequirement } from "../lib/model.mjs";
import { checkModuleSchema, constraintAdmits } from "../lib/check-schema.mjs";
import { tree, schema, stats } from "../lib/context.mjs";
import { FIXTURES_DIR, VERIFY_DIR } from "../lib/paths.mjs";

const require = createRequire(import.meta.url);

test("schema: derived from the pinned @cdktf/provider-aws and matching versions.tf", async () => {
  const s = schema();
  const pkg = JSON.parse(fs.readFileSync(path.join(VERIFY_DIR, "package.json"), "utf8"));
  const installed = require("@cdktf/provider-aws/package.json").version;
  assert.equal(s.package, `@cdktf/provider-aws@${pkg.dependencies["@cdktf/provider-aws"]}`);
  assert.equal(installed, pkg.dependencies["@cdktf/provider-aws"], "node_modules is stale: run npm ci");
  assert.ok(Object.keys(s.resource).length > 1500 && Object.keys(s.data).length > 500);
  assert.equal(s.resource.aws_db_instance.attrs.storage_encrypted.required, false);
  assert.equal(s.resource.aws_db_instance.attrs.instance_class.required, true);
  assert.ok(s.resource.aws_s3_bucket_replication_configuration.blocks.rule.blocks.destination.blocks.replication_time);
  for (const m of (await tree()).values()) {
    const req = awsRequirement(m);
    if (req?.version) assert.ok(constraintAdmits(req.version, s.providerVersion).ok, `${m.dir}: ${req.version} vs ${s.providerVersion}`);
  }
});

test("schema: every resource, data source and provider block of the real code", async () => {
  const findings = [];
  for (const m of (await tree()).values()) {
    const r = checkModuleSchema(m, schema());
    findings.push(...r.findings);
    stats.resources += r.stats.resources;
    stats.dataSources += r.stats.data;
    stats.arguments += r.stats.arguments;
    stats.nestedBlocks += r.stats.blocks;
    stats.opaque += r.stats.opaque;
  }
  assert.deepEqual(findings.map((f) => `${f.file}:${f.line}: ${f.message}`), []);
});

const dir = path.join(FIXTURES_DIR, "schema");
for (const name of fs.readdirSync(dir).sort()) {
  test(`schema fixture fails: ${name}`, async () => {
    const expect = fs.readFileSync(path.join(dir, name, "EXPECT"), "utf8").trim();
    const r = checkModuleSchema(await loadModule(path.join(dir, name)), schema());
    // Exactly one finding, the one the fixture was written for.
    assert.ok(r.findings.length === 1 && r.findings[0].message.includes(expect), `expected one finding containing ${JSON.stringify(expect)}; got ${JSON.stringify(r.findings.map((f) => f.message))}`);
    stats.checkerFixtures++;
  });
}

test("schema: version constraints", () => {
  assert.ok(constraintAdmits("~> 6.25", "6.25.0").ok);
  assert.ok(!constraintAdmits("~> 6.30", "6.25.0").ok);
  assert.ok(!constraintAdmits(">= 5.0", "6.25.0").ok);
  assert.ok(!constraintAdmits("~> 6.25.1", "6.25.0").ok);
});

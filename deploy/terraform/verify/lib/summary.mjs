// Prints the figures of the last run (written by test/all.test.mjs).
import fs from "node:fs";
import path from "node:path";
import { VERIFY_DIR } from "./paths.mjs";

const file = path.join(VERIFY_DIR, "node_modules", ".cache", "agora-verify", "summary.json");
if (!fs.existsSync(file)) process.exit(0);
const s = JSON.parse(fs.readFileSync(file, "utf8"));
const schema = JSON.parse(fs.readdirSync(path.dirname(file)).filter((f) => f.startsWith("aws-schema-")).map((f) => fs.readFileSync(path.join(path.dirname(file), f), "utf8")).slice(-1)[0] ?? "{}");

const lines = [
  `schema      hashicorp/aws ${schema.providerVersion ?? "?"} from ${schema.package ?? "?"} (${Object.keys(schema.resource ?? {}).length} resource types, ${Object.keys(schema.data ?? {}).length} data sources)`,
  `parsed      ${s.files} .tf files in ${s.modules} modules/roots (HCL via @cdktf/hcl2json)`,
  `schema      ${s.resources} resources + ${s.dataSources} data sources, ${s.arguments} arguments, ${s.nestedBlocks} nested blocks checked (${s.opaque} untyped WAF statement blocks)`,
  `references  ${s.references} resolved (variables, locals, modules, resources, data, attributes)`,
  `policy      ${s.rules} checkov-mirrored rules${s.fromChecklist != null ? ` (${s.fromChecklist} listed in the AWS checklist)` : ""} + ${s.houseRules} house rules; ${s.ruleEvaluations} rule x module evaluations on the real code, 0 findings, ${s.skips.length} justified skips`,
  `fixtures    ${s.fixturesFired}/${s.fixtureCount} bad policy fixtures, one defect each (${s.rulesWithCases} rules have one per check), fire exactly their rule and message and nothing else (${s.fixtureSkips} sibling findings skipped with reasons)`,
  `            ${s.fixturesFromBases} of them one change to one of ${s.fixtureBases} compliant bases, on which no rule fires`,
  `envs        ${s.envAssertions} environment assertions`,
  `format      ${s.formatFiles} files clean; ${s.fmtAgreement ?? "n/a"}`,
  `checker     ${s.checkerFixtures} checker fixtures (parse, schema, references, env drift, format) fail as expected`,
];
console.log("\n── deploy/terraform verification summary ──");
for (const l of lines) console.log(`  ${l}`);
if (s.skips.length) {
  console.log("  justified skips:");
  for (const k of s.skips) console.log(`    ${k.rule} ${k.address} (${k.file}): ${k.reason}`);
}

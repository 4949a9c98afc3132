// The policy engine: rules are small functions over one module's parsed blocks. A finding
// names the block and argument; a `# policy:skip=<ID> <reason>` comment inside that block
// turns it into a recorded, justified exception (like checkov's skip comments).
import { findArgumentLine } from "../hcl.mjs";
import { isWholeExpression } from "../expressions.mjs";
import { relative } from "../model.mjs";

// ---- value helpers ------------------------------------------------------------------------

export const isExpr = (v) => typeof v === "string" && v.includes("${");
export const isTrue = (v) => v === true || v === "true";
export const isFalse = (v) => v === false || v === "false";
export const present = (v) => v !== undefined && v !== null && v !== "";

// A nested block's bodies: static `name { }` blocks and the content of `dynamic "name"`.
export function blocks(body, name) {
  const out = [];
  const v = body?.[name];
  if (Array.isArray(v)) out.push(...v.filter((x) => x && typeof x === "object" && !Array.isArray(x)));
  else if (v && typeof v === "object") out.push(v);
  for (const dyn of body?.dynamic?.[name] ?? []) out.push(...(dyn.content ?? []));
  return out;
}

export const first = (body, name) => blocks(body, name)[0];

// Walks a.b.c through nested blocks; returns every value found.
export function values(body, path) {
  let level = [body];
  const parts = path.split(".");
  parts.forEach((p, i) => {
    if (i === parts.length - 1) level = level.map((b) => b?.[p]);
    else level = level.flatMap((b) => blocks(b, p));
  });
  return level.filter((v) => v !== undefined);
}

export const value = (body, path) => values(body, path)[0];

// Does `v` mention the resource `type.name` (any index or attribute)?
export function mentions(v, type, name) {
  const re = new RegExp(`(^|[^\\w.])${type.replace(/\./g, "\\.")}\\.${name}\\b`);
  return re.test(JSON.stringify(v ?? ""));
}

// Resource `r` is attached to `target` through argument `arg`: directly, or via
// `for_each = <target>` with `arg = each.value...` (the per-bucket companion pattern).
export function attachedTo(r, arg, target) {
  const ref = r.body?.[arg];
  if (mentions(ref, target.type, target.name)) return true;
  return /each\.value/.test(JSON.stringify(ref ?? "")) && mentions(r.body?.for_each, target.type, target.name);
}

// A literal list (or a single literal) as an array; expressions stay strings.
export function list(v) {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

// ---- IAM policy documents -------------------------------------------------------------------

// Statements of a data "aws_iam_policy_document" (static and dynamic), normalised.
export function statements(doc) {
  return blocks(doc.body, "statement").map((s) => ({
    effect: s.effect ?? "Allow",
    actions: list(s.actions),
    notActions: list(s.not_actions),
    resources: list(s.resources),
    principals: blocks(s, "principals").map((p) => ({ type: p.type, identifiers: list(p.identifiers) })),
    conditions: blocks(s, "condition").map((c) => ({ test: c.test, variable: c.variable, values: list(c.values) })),
    sid: s.sid,
  }));
}

// Replaces ${local.x} by the local's string value when it is a literal or a template (not a
// computed expression), so rules can read names built in locals, e.g. the GitHub subject
// "repo:${var.github_org}/${var.github_repo}:environment:${var.github_environment}".
export function expandLocals(mod, s, depth = 0) {
  if (typeof s !== "string" || depth > 5) return s;
  return s.replace(/\$\{local\.(\w+)\}/g, (m, name) => {
    const l = mod.locals.get(name)?.value;
    return typeof l === "string" && !isWholeExpression(l) ? expandLocals(mod, l, depth + 1) : m;
  });
}

// Names of policy documents that are KMS key policies (directly or as a source document):
// there "*" as resource means the key itself.
export function keyPolicyDocs(mod) {
  const names = new Set();
  const add = (v) => {
    for (const m of JSON.stringify(v ?? "").matchAll(/data\.aws_iam_policy_document\.(\w+)/g)) {
      if (names.has(m[1])) continue;
      names.add(m[1]);
      const doc = mod.data.find((d) => d.type === "aws_iam_policy_document" && d.name === m[1]);
      if (doc) add(doc.body.source_policy_documents);
    }
  };
  for (const k of mod.resources.filter((r) => r.type === "aws_kms_key")) add(k.body.policy);
  return names;
}

// ---- running --------------------------------------------------------------------------------

export function runRule(rule, mod) {
  const findings = [];
  const skipped = [];
  const fail = (block, arg, message) => {
    const skip = block.span?.skips?.find((s) => s.rule === rule.id);
    const f = {
      rule: rule.id,
      file: relative(block.file),
      line: arg ? findArgumentLine(block.text, block.span, arg) : block.span.start,
      address: block.kind === "data" ? `data.${block.type}.${block.name}` : `${block.type}.${block.name}`,
      message,
    };
    if (skip) skipped.push({ ...f, reason: skip.reason });
    else findings.push(f);
  };
  const ctx = {
    mod,
    fail,
    res: (type) => mod.resources.filter((r) => r.type === type),
    data: (type) => mod.data.filter((d) => d.type === type),
    docs: () => mod.data.filter((d) => d.type === "aws_iam_policy_document"),
    variable: (expr) => {
      const m = typeof expr === "string" && expr.match(/^\$\{var\.(\w+)\}$/);
      return m ? mod.variables.get(m[1]) : undefined;
    },
  };
  rule.check(ctx);
  return { findings, skipped };
}

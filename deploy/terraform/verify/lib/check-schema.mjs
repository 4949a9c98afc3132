// Every resource, data source and provider block against the AWS provider schema: unknown
// types, unknown arguments or nested blocks (with a did-you-mean), blocks written as
// arguments, and missing required arguments and blocks. Also: required_providers must ask
// for exactly the provider major/minor the schema was generated from.
import { findArgumentLine } from "./hcl.mjs";
import { relative } from "./model.mjs";

const RESOURCE_META = new Set(["count", "for_each", "provider", "depends_on", "lifecycle", "provisioner", "connection"]);
const DATA_META = new Set(["count", "for_each", "provider", "depends_on", "lifecycle"]);
const LIFECYCLE = new Set(["create_before_destroy", "prevent_destroy", "ignore_changes", "replace_triggered_by", "precondition", "postcondition"]);

export function levenshtein(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

function suggest(name, candidates) {
  let best = null;
  for (const c of candidates) {
    const dist = levenshtein(name, c);
    if (dist <= Math.max(2, Math.floor(name.length / 4)) && (!best || dist < best.dist)) best = { c, dist };
  }
  return best ? ` (did you mean "${best.c}"?)` : "";
}

// Checks one block body against a schema block; pushes findings into `out`.
function checkBody(body, schema, where, out, stats, meta = new Set()) {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return;
  const present = new Set();
  for (const [key, value] of Object.entries(body)) {
    stats.arguments++;
    if (meta.has(key)) {
      if (key === "lifecycle") checkLifecycle(value, where, out);
      continue;
    }
    if (key === "dynamic") {
      for (const [blockName, dyns] of Object.entries(value)) {
        const nested = schema.blocks[blockName];
        if (!nested) {
          out.push({ ...where, arg: blockName, message: `dynamic "${blockName}": not a nested block of ${where.what}${suggest(blockName, Object.keys(schema.blocks))}` });
          continue;
        }
        present.add(blockName);
        for (const dyn of dyns) {
          for (const k of Object.keys(dyn)) {
            if (!["for_each", "iterator", "labels", "content"].includes(k)) {
              out.push({ ...where, arg: blockName, message: `dynamic "${blockName}": unexpected argument "${k}"` });
            }
          }
          for (const content of dyn.content ?? []) checkBody(content, nested, { ...where, what: `${where.what} > ${blockName}` }, out, stats);
        }
      }
      continue;
    }
    if (schema.blocks[key]) {
      present.add(key);
      const nested = schema.blocks[key];
      if (!Array.isArray(value)) {
        out.push({ ...where, arg: key, message: `"${key}" is a nested block of ${where.what}: write ${key} { ... }, not ${key} = ...` });
        continue;
      }
      stats.blocks++;
      for (const item of value) checkBody(item, nested, { ...where, what: `${where.what} > ${key}` }, out, stats);
      continue;
    }
    if (schema.attrs[key]) {
      present.add(key);
      const attr = schema.attrs[key];
      if (attr.nested && value && typeof value === "object") {
        for (const item of Array.isArray(value) ? value : [value]) {
          checkBody(item, { attrs: attr.nested.attrs, blocks: {} }, { ...where, what: `${where.what} > ${key}` }, out, stats);
        }
      } else if (!attr.nested && Array.isArray(value) && value.some((v) => v && typeof v === "object" && !Array.isArray(v))) {
        // The generator collapsed a deeply nested block into an untyped attribute (WAF
        // statements): its insides cannot be checked, and we count them.
        stats.opaque++;
      }
      continue;
    }
    const candidates = [...Object.keys(schema.attrs), ...Object.keys(schema.blocks)];
    out.push({ ...where, arg: key, message: `unknown argument or block "${key}" in ${where.what}${suggest(key, candidates)}` });
  }
  for (const [name, a] of Object.entries(schema.attrs)) {
    if (a.required && !present.has(name)) out.push({ ...where, arg: null, message: `missing required argument "${name}" in ${where.what}` });
  }
  for (const [name, b] of Object.entries(schema.blocks)) {
    if (b.required && !present.has(name)) out.push({ ...where, arg: null, message: `missing required block "${name}" in ${where.what}` });
  }
}

function checkLifecycle(value, where, out) {
  for (const item of Array.isArray(value) ? value : [value]) {
    for (const k of Object.keys(item ?? {})) {
      if (!LIFECYCLE.has(k)) out.push({ ...where, arg: "lifecycle", message: `unknown lifecycle argument "${k}"` });
    }
  }
}

function locate(f) {
  const line = f.arg ? findArgumentLine(f.text, f.span, f.arg) : f.span.start;
  return { file: relative(f.file), line, message: f.message };
}

// Version constraint vs the schema's provider version: "~> M.m" admits M.m.x..M.x.
export function constraintAdmits(constraint, version) {
  const [vMaj, vMin] = version.split(".").map(Number);
  const m = String(constraint ?? "").match(/^~>\s*(\d+)\.(\d+)(?:\.(\d+))?$/);
  if (!m) return { ok: false, why: `use a pessimistic "~> MAJOR.MINOR" constraint, not "${constraint}"` };
  const [cMaj, cMin] = [Number(m[1]), Number(m[2])];
  if (m[3] !== undefined) return { ok: false, why: `"${constraint}" pins a patch level; use "~> ${cMaj}.${cMin}"` };
  if (cMaj !== vMaj) return { ok: false, why: `"${constraint}" asks for major ${cMaj}, the schema is ${version}` };
  if (cMin > vMin) return { ok: false, why: `"${constraint}" needs ${cMaj}.${cMin}+, newer than the schema (${version}): arguments added since are unchecked` };
  return { ok: true };
}

export function checkModuleSchema(mod, schema) {
  const raw = [];
  const stats = { blocks: 0, arguments: 0, opaque: 0, resources: 0, data: 0 };
  for (const r of mod.resources) {
    stats.resources++;
    const where = { file: r.file, text: r.text, span: r.span, what: `${r.type}.${r.name}` };
    const s = (schema.extra?.[r.type.split("_")[0]] ?? schema).resource[r.type];
    if (!s) {
      raw.push({ ...where, arg: null, message: `unknown resource type "${r.type}" in ${schema.providerSource} ${schema.providerVersion}${suggest(r.type, Object.keys(schema.resource))}` });
      continue;
    }
    checkBody(r.body, s, where, raw, stats, RESOURCE_META);
  }
  for (const d of mod.data) {
    stats.data++;
    const where = { file: d.file, text: d.text, span: d.span, what: `data.${d.type}.${d.name}` };
    const s = schema.data[d.type];
    if (!s) {
      raw.push({ ...where, arg: null, message: `unknown data source "${d.type}" in ${schema.providerSource} ${schema.providerVersion}${suggest(d.type, Object.keys(schema.data))}` });
      continue;
    }
    checkBody(d.body, s, where, raw, stats, DATA_META);
  }
  for (const p of mod.providers) {
    const where = { file: p.file, text: p.text, span: p.span, what: `provider "${p.name}"` };
    const ps = p.name === "aws" ? schema : schema.extra?.[p.name];
    if (!ps) {
      raw.push({ ...where, arg: null, message: `provider "${p.name}" is not covered by the offline schema (only hashicorp/aws${Object.keys(schema.extra ?? {}).map((n) => `, hashicorp/${n}`).join("")} are)` });
      continue;
    }
    checkBody(p.body, ps.provider, where, raw, stats, new Set(["alias"]));
  }
  for (const t of mod.terraform) {
    for (const rp of t.body.required_providers ?? []) {
      for (const [name, req] of Object.entries(rp)) {
        const where = { file: t.file, text: t.text, span: t.span, what: "terraform.required_providers" };
        const ps = name === "aws" ? schema : schema.extra?.[name];
        if (!ps || req.source !== ps.providerSource) {
          raw.push({ ...where, arg: name, message: `required provider "${name}" (${req.source}) is not covered by the offline schema; only ${[schema, ...Object.values(schema.extra ?? {})].map((x) => x.providerSource).join(", ")} are` });
          continue;
        }
        const v = constraintAdmits(req.version, ps.providerVersion);
        if (!v.ok) raw.push({ ...where, arg: "version", message: `${name} provider version: ${v.why}` });
      }
    }
  }
  return { findings: raw.map(locate), stats };
}

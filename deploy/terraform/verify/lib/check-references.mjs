// References: every var.*, local.*, module.*, data.*, <resource>.* and each/count use must
// resolve inside its module; resource and data attributes must exist in the provider schema;
// module calls must pass only declared variables, every required one, and the provider
// aliases the child declares; variables, locals and data sources nobody reads are reported.
import { interpolations, traversals, strings } from "./expressions.mjs";
import { findArgumentLine } from "./hcl.mjs";
import { relative, resolveCall, awsRequirement } from "./model.mjs";

const MODULE_META = new Set(["source", "version", "providers", "count", "for_each", "depends_on"]);

const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

// All expressions in a block body, each with the names bound where it appears.
function* expressionsIn(body, bound = [], skipKeys = new Set()) {
  if (Array.isArray(body)) {
    for (const item of body) yield* expressionsIn(item, bound, skipKeys);
    return;
  }
  if (typeof body === "string") {
    for (const expr of interpolations(body)) yield { expr, bound };
    return;
  }
  if (!body || typeof body !== "object") return;
  for (const [key, value] of Object.entries(body)) {
    if (skipKeys.has(key)) continue;
    if (key === "dynamic" && value && typeof value === "object") {
      for (const [blockName, dyns] of Object.entries(value)) {
        for (const dyn of dyns) {
          const iterator = typeof dyn.iterator === "string" ? dyn.iterator.replace(/^\$\{|\}$/g, "") : blockName;
          yield* expressionsIn(dyn.for_each ?? "", bound);
          yield* expressionsIn(dyn.content ?? [], [...bound, iterator]);
        }
      }
      continue;
    }
    if (key === "lifecycle") {
      // ignore_changes lists attribute paths of the resource itself, not references.
      for (const lc of Array.isArray(value) ? value : [value]) {
        yield* expressionsIn(lc, bound, new Set(["ignore_changes"]));
      }
      continue;
    }
    yield* expressionsIn(value, bound);
  }
}

export async function checkModuleReferences(mod, mods, schema) {
  const findings = [];
  const used = { var: new Set(), local: new Set(), data: new Set() };
  let count = 0;
  const resourceTypes = new Set(mod.resources.map((r) => r.type));
  const aliases = new Set([
    ...(awsRequirement(mod)?.aliases ?? []),
    ...mod.providers.filter((p) => typeof p.body.alias === "string").map((p) => p.body.alias),
  ]);

  const report = (owner, arg, message) => {
    findings.push({ file: relative(owner.file), line: arg ? findArgumentLine(owner.text, owner.span, arg) : owner.span.start, message });
  };

  const checkAttr = (owner, t, kind, type, offset) => {
    const s = kind === "data" ? schema.data[type] : schema.resource[type];
    if (!s?.getters) return;
    const next = t.parts.slice(offset).find((p) => p.name !== undefined);
    const firstAfter = t.parts[offset];
    if (!next || (firstAfter && firstAfter.index === undefined && firstAfter.name === undefined)) return;
    if (!s.getters.includes(camel(next.name))) {
      report(owner, null, `${t.text}: "${next.name}" is not an attribute of ${kind === "data" ? "data source " : ""}${type}`);
    }
  };

  const resolve = async (owner, t, ctx) => {
    count++;
    const [a, b, c] = t.parts.map((p) => p.name);
    switch (t.root) {
      case "var":
        used.var.add(b);
        if (!mod.variables.has(b)) report(owner, null, `${t.text}: no variable "${b}" in this module`);
        return;
      case "local":
        used.local.add(b);
        if (!mod.locals.has(b)) report(owner, null, `${t.text}: no local "${b}" in this module`);
        return;
      case "module": {
        const call = mod.modules.find((m) => m.name === b);
        if (!call) return report(owner, null, `${t.text}: no module call "${b}"`);
        const child = await resolveCall(mod, call, mods);
        const out = t.parts[2];
        if (child && out?.name !== undefined && !child.outputs.has(out.name)) {
          report(owner, null, `${t.text}: module "${b}" (${call.body.source}) has no output "${out.name}"`);
        }
        return;
      }
      case "data": {
        used.data.add(`${b}.${c}`);
        if (!mod.data.some((d) => d.type === b && d.name === c)) return report(owner, null, `${t.text}: no data "${b}" "${c}"`);
        return checkAttr(owner, t, "data", b, 3);
      }
      case "each":
        if (!ctx.forEach) report(owner, null, `${t.text}: "each" used in a block without for_each`);
        return;
      case "count":
        if (!ctx.count) report(owner, null, `${t.text}: "count" used in a block without count`);
        return;
      case "path":
      case "terraform":
        return;
      case "aws":
        if (b && !aliases.has(b)) report(owner, null, `${t.text}: provider alias "${b}" is neither declared in configuration_aliases nor configured`);
        return;
      default:
        if (resourceTypes.has(t.root) || schema.resource[t.root]) {
          if (!mod.resources.some((r) => r.type === t.root && r.name === b)) {
            return report(owner, null, `${t.text}: no resource "${t.root}" "${b}" in this module`);
          }
          return checkAttr(owner, t, "resource", t.root, 2);
        }
        report(owner, null, `${t.text}: unknown reference "${t.root}"`);
    }
  };

  const scan = async (owner, body, ctx, skip = new Set()) => {
    for (const { expr, bound } of expressionsIn(body, [], skip)) {
      let ts;
      try {
        ts = await traversals(expr, bound);
      } catch (err) {
        report(owner, null, `expression does not parse: ${String(err.message).slice(0, 200)}`);
        continue;
      }
      for (const t of ts) await resolve(owner, t, ctx);
    }
  };

  for (const r of [...mod.resources, ...mod.data]) {
    await scan(r, r.body, { forEach: "for_each" in r.body, count: "count" in r.body });
  }
  for (const v of mod.variables.values()) {
    await scan(v, v.body, {}, new Set(["type", "default"]));
  }
  for (const l of mod.locals.values()) await scan(l, l.value, {});
  for (const o of mod.outputs.values()) await scan(o, o.body, {});
  for (const p of mod.providers) await scan(p, p.body, {});

  for (const call of mod.modules) {
    await scan(call, call.body, { forEach: "for_each" in call.body, count: "count" in call.body });
    const child = await resolveCall(mod, call, mods);
    if (child === undefined) {
      report(call, "source", `module "${call.name}": source ${call.body.source} does not exist`);
      continue;
    }
    if (!child) continue;
    for (const arg of Object.keys(call.body)) {
      if (MODULE_META.has(arg)) continue;
      if (!child.variables.has(arg)) report(call, arg, `module "${call.name}": ${call.body.source} declares no variable "${arg}"`);
    }
    for (const [name, v] of child.variables) {
      if (!("default" in v.body) && !(name in call.body)) report(call, null, `module "${call.name}": required variable "${name}" of ${call.body.source} is not set`);
    }
    const needs = awsRequirement(child)?.aliases ?? [];
    const passed = Object.keys(call.body.providers ?? {});
    for (const alias of needs) {
      if (!passed.includes(`aws.${alias}`)) report(call, "providers", `module "${call.name}": ${call.body.source} needs provider aws.${alias} passed in providers`);
    }
    for (const p of passed) {
      if (p !== "aws" && !needs.includes(p.replace(/^aws\./, ""))) report(call, "providers", `module "${call.name}": ${call.body.source} does not declare ${p} in configuration_aliases`);
    }
  }

  for (const [name, v] of mod.variables) if (!used.var.has(name)) report(v, null, `variable "${name}" is never used`);
  for (const [name, l] of mod.locals) if (!used.local.has(name)) report(l, null, `local "${name}" is never used`);
  for (const d of mod.data) if (!used.data.has(`${d.type}.${d.name}`)) report(d, null, `data "${d.type}" "${d.name}" is never used`);

  return { findings, references: count };
}

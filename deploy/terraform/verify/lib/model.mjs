// A Terraform module as data: every block of every .tf file in one directory, with the file
// and line span it came from.
import fs from "node:fs";
import path from "node:path";
import { parseFile, listTfFiles } from "./hcl.mjs";
import { TERRAFORM_DIR } from "./paths.mjs";

function spanFor(parsed, kind, labels) {
  return parsed.blocks.find((b) => b.kind === kind && labels.every((l, i) => b.labels[i] === l)) ?? { start: 1, end: 1, skips: [] };
}

export async function loadModule(dir) {
  const mod = {
    dir,
    files: [],
    resources: [],
    data: [],
    modules: [],
    variables: new Map(),
    locals: new Map(),
    outputs: new Map(),
    providers: [],
    terraform: [],
  };
  for (const file of listTfFiles(dir)) {
    const parsed = await parseFile(file);
    mod.files.push(parsed);
    const j = parsed.json;
    const at = (kind, labels) => ({ file, text: parsed.text, span: spanFor(parsed, kind, labels) });
    for (const [type, byName] of Object.entries(j.resource ?? {})) {
      for (const [name, bodies] of Object.entries(byName)) {
        mod.resources.push({ kind: "resource", type, name, body: bodies[0], ...at("resource", [type, name]) });
      }
    }
    for (const [type, byName] of Object.entries(j.data ?? {})) {
      for (const [name, bodies] of Object.entries(byName)) {
        mod.data.push({ kind: "data", type, name, body: bodies[0], ...at("data", [type, name]) });
      }
    }
    for (const [name, bodies] of Object.entries(j.module ?? {})) {
      mod.modules.push({ kind: "module", name, body: bodies[0], ...at("module", [name]) });
    }
    for (const [name, bodies] of Object.entries(j.variable ?? {})) {
      mod.variables.set(name, { name, body: bodies[0], ...at("variable", [name]) });
    }
    for (const [name, bodies] of Object.entries(j.output ?? {})) {
      mod.outputs.set(name, { name, body: bodies[0], ...at("output", [name]) });
    }
    for (const block of j.locals ?? []) {
      for (const [name, value] of Object.entries(block)) {
        mod.locals.set(name, { name, value, file, text: parsed.text, span: findLocalSpan(parsed, name) });
      }
    }
    for (const [name, bodies] of Object.entries(j.provider ?? {})) {
      for (const body of bodies) mod.providers.push({ kind: "provider", name, body, ...at("provider", [name]) });
    }
    for (const body of j.terraform ?? []) mod.terraform.push({ kind: "terraform", body, ...at("terraform", []) });
  }
  return mod;
}

function findLocalSpan(parsed, name) {
  const lines = parsed.text.split("\n");
  const i = lines.findIndex((l) => new RegExp(`^  ${name}\\s*=`).test(l));
  return { start: i + 1, end: i + 1, skips: [] };
}

// required_providers.aws of a module: { source, version, configuration_aliases: ["aws.dr"] }.
export function awsRequirement(mod) {
  for (const t of mod.terraform) {
    for (const rp of t.body.required_providers ?? []) {
      if (rp.aws) {
        const aliases = (rp.aws.configuration_aliases ?? "").toString();
        return {
          source: rp.aws.source,
          version: rp.aws.version,
          aliases: [...aliases.matchAll(/aws\.(\w+)/g)].map((m) => m[1]),
          other: Object.keys(rp).filter((k) => k !== "aws"),
        };
      }
      return { other: Object.keys(rp), aliases: [] };
    }
  }
  return null;
}

// Every root and module directory under deploy/terraform.
export function terraformDirs(root) {
  const dirs = [];
  const add = (d) => {
    if (fs.existsSync(d) && fs.readdirSync(d).some((f) => f.endsWith(".tf"))) dirs.push(d);
  };
  for (const group of ["modules", "envs"]) {
    const g = path.join(root, group);
    if (!fs.existsSync(g)) continue;
    for (const d of fs.readdirSync(g).sort()) add(path.join(g, d));
  }
  add(path.join(root, "bootstrap"));
  // The GitHub side of the pipeline (environments, reviewers, branch rules): ADR 0086.
  add(path.join(root, "github"));
  return dirs;
}

export async function loadTree(root) {
  const mods = new Map();
  for (const dir of terraformDirs(root)) mods.set(dir, await loadModule(dir));
  return mods;
}

// The local module a `source = "../x"` call points at, if it was loaded.
export async function resolveCall(caller, call, mods) {
  const source = call.body.source;
  if (typeof source !== "string" || !source.startsWith(".")) return null;
  const dir = path.resolve(caller.dir, source);
  if (mods.has(dir)) return mods.get(dir);
  if (!fs.existsSync(dir)) return undefined;
  const mod = await loadModule(dir);
  mods.set(dir, mod);
  return mod;
}

// Paths in findings are relative to deploy/terraform.
export function relative(file) {
  return path.relative(TERRAFORM_DIR, file);
}

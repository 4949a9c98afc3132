// Validates rendered objects against the Kubernetes OpenAPI schema of the
// target version, Kubernetes 1.33 (kubernetes-models 4.5.x is generated from
// v1.33.0; the EKS cluster runs 1.33, docs/adr/0031), and the External Secrets
// CRDs (external-secrets.io/v1 from @kubernetes-models/external-secrets).
//
// Two layers, both generated from the same OpenAPI documents:
//  1. the models' own JSON-schema validators (types, enums, formats, required);
//  2. unknown fields: the OpenAPI v2 documents carry no
//     additionalProperties:false, so the validators accept a misspelt field
//     that the API server (strict field validation) would reject. The models'
//     TypeScript declarations list every property; the TypeScript compiler
//     reads them and each object is walked against them.
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { VERIFY_DIR } from "./paths.mjs";

export const TARGET_KUBERNETES = "1.33";

// apiVersion -> module path prefix of its models.
function modelPath(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (group === "external-secrets.io") return `@kubernetes-models/external-secrets/external-secrets.io/${version}/${kind}`;
  return group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
}

const modelCache = new Map();
async function model(apiVersion, kind) {
  const key = `${apiVersion}/${kind}`;
  if (!modelCache.has(key)) {
    const p = modelPath(apiVersion, kind);
    try {
      const mod = await import(p);
      const cls = mod[kind];
      modelCache.set(key, cls ? { cls, dts: resolveDts(p) } : null);
    } catch {
      modelCache.set(key, null);
    }
  }
  return modelCache.get(key);
}

function resolveDts(spec) {
  // The .d.ts beside the module file the import resolved to.
  const file = fileURLToPath(import.meta.resolve(spec));
  return file.replace(/\.(m?js)$/, ".d.ts");
}

// One TypeScript program over every declaration file in use: prepare() is
// called with all of them before the first lookup (a program per file would
// re-read the shared declarations each time).
let program;
let checker;
export function prepareTypes(dtsFiles) {
  program = ts.createProgram([...new Set(dtsFiles)], {
    noEmit: true,
    skipLibCheck: true,
    types: [],
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
  });
  checker = program.getTypeChecker();
}
function interfaceType(dtsFile, kind) {
  const sf = program?.getSourceFile(dtsFile);
  if (!sf) prepareTypes([dtsFile, ...(program?.getRootFileNames() ?? [])]);
  const source = program.getSourceFile(dtsFile);
  let found = null;
  ts.forEachChild(source, (n) => {
    if (ts.isInterfaceDeclaration(n) && n.name.text === `I${kind}`) found = checker.getTypeAtLocation(n);
  });
  return found ? { type: found, checker } : null;
}

function nonNullable(c, type) {
  return type.isUnion() ? c.getNonNullableType(type) : type;
}

// Fields of `value` that its declared type does not have, as paths.
function unknownFields(c, value, type, where, out) {
  if (value === null || typeof value !== "object" || !type) return;
  type = nonNullable(c, type);
  if (Array.isArray(value)) {
    const el = c.getIndexTypeOfType(type, ts.IndexKind.Number) ?? c.getTypeArguments?.(type)?.[0];
    value.forEach((v, i) => unknownFields(c, v, el, `${where}[${i}]`, out));
    return;
  }
  if (type.isUnion()) {
    // Objects inside unions (rare: int-or-string is not an object): check
    // against the union member that has properties, if exactly one has.
    const objs = type.types.filter((t) => c.getPropertiesOfType(t).length);
    if (objs.length !== 1) return;
    type = objs[0];
  }
  const index = c.getIndexTypeOfType(type, ts.IndexKind.String);
  if (index) {
    for (const [k, v] of Object.entries(value)) unknownFields(c, v, index, `${where}.${k}`, out);
    return;
  }
  const props = c.getPropertiesOfType(type);
  if (!props.length) return; // any / unknown / free-form objects
  const byName = new Map(props.map((p) => [p.getName(), p]));
  for (const [k, v] of Object.entries(value)) {
    const p = byName.get(k);
    if (!p) {
      out.push(`${where}.${k}: unknown field (not in the schema)`);
      continue;
    }
    const decl = p.valueDeclaration ?? p.declarations?.[0];
    if (decl) unknownFields(c, v, c.getTypeOfSymbolAtLocation(p, decl), `${where}.${k}`, out);
  }
}

// Problems of each object (same order), as strings; empty when valid.
export async function validateAll(objs) {
  const models = await Promise.all(objs.map((o) => (o?.apiVersion && o?.kind ? model(o.apiVersion, o.kind) : null)));
  const files = models.filter(Boolean).map((m) => m.dts);
  if (!program || files.some((f) => !program.getSourceFile(f))) prepareTypes([...files, ...(program?.getRootFileNames() ?? [])]);
  const out = [];
  for (const o of objs) out.push(await validateObject(o));
  return out;
}

// Problems of one object, as strings; empty when it is valid.
export async function validateObject(obj) {
  if (!obj?.apiVersion || !obj?.kind) return ["missing apiVersion or kind"];
  const m = await model(obj.apiVersion, obj.kind);
  if (!m) return [`${obj.apiVersion} ${obj.kind} is not a type known to Kubernetes ${TARGET_KUBERNETES} or the CRD models`];
  const problems = [];
  try {
    new m.cls(obj).validate();
  } catch (e) {
    problems.push(...String(e.message).split(", ").map((s) => s.replace(/^data/, obj.kind)));
  }
  const t = interfaceType(m.dts, obj.kind);
  if (!t) problems.push(`no type declaration found for ${obj.kind} in ${path.basename(m.dts)}`);
  else unknownFields(t.checker, obj, t.type, obj.kind, problems);
  return problems;
}

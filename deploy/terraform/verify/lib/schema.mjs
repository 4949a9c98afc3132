// The AWS provider schema, derived from the jsii assembly that @cdktf/provider-aws ships.
//
// Why the .jsii file (see docs/adr/0021-*): it is the package's machine-readable type
// manifest, generated from `terraform providers schema -json` of hashicorp/aws. Every
// resource/data-source class names its Terraform type in a registry link, and every
// property of its *Config struct carries a link whose anchor is the exact Terraform
// argument name (`#storage_encrypted DbInstance#storage_encrypted`), an `optional` flag
// that is absent for required arguments, and a struct type for nested blocks. We read
// those facts; we never guess names from camelCase except for computed attributes used
// in references, which the assembly only exposes as class getters.
//
// Deriving takes a few seconds (the assembly is ~120 MB), so the result is cached under
// node_modules/.cache keyed by package version and this file's own contents.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
// Doc links look like {@link <docs host>/providers/hashicorp/aws/<version>/docs/resources/<name>#<arg> Class#<arg>}.
const LINK = /\{@link https:\/\/[^/\s]+\/providers\/(?:hashicorp|integrations)\/\w+\/([0-9.]+)\/docs(?:\/(resources|data-sources)\/(\w+))?(?:#(\w+))? ([\w#]+)\}/;

// Other providers the modules use, each from its own pinned @cdktf package (same layout).
export const EXTRA_PROVIDERS = { helm: "@cdktf/provider-helm", github: "@cdktf/provider-github" };

function packageDir(pkgName = "@cdktf/provider-aws") {
  return path.dirname(require.resolve(`${pkgName}/package.json`));
}

function docText(p) {
  return `${p.docs?.summary ?? ""} ${p.docs?.remarks ?? ""}`;
}

// The struct (nested block or object attribute) a property's type points at, if any.
function structOf(type, types) {
  if (!type) return null;
  if (type.fqn && types[type.fqn]?.datatype) return type.fqn;
  if (type.collection) return structOf(type.collection.elementtype, types);
  if (type.union) {
    for (const t of type.union.types) {
      const s = structOf(t, types);
      if (s) return s;
    }
  }
  return null;
}

function camelToSnake(name) {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

function buildBlock(fqn, types, depth = 0) {
  const struct = types[fqn];
  const block = { attrs: {}, blocks: {} };
  if (!struct || depth > 12) return block;
  for (const p of struct.properties ?? []) {
    const m = docText(p).match(LINK);
    const tfName = m?.[4] ?? camelToSnake(p.name);
    const required = !p.optional;
    const nested = structOf(p.type, types);
    const isBlock = / block\.\s*$/.test(p.docs?.summary ?? "");
    if (nested && isBlock) {
      block.blocks[tfName] = { required, ...buildBlock(nested, types, depth + 1) };
    } else if (nested) {
      block.attrs[tfName] = { required, nested: buildBlock(nested, types, depth + 1) };
    } else {
      block.attrs[tfName] = { required };
    }
  }
  return block;
}

// Getter names of a resource class: every argument and computed attribute, in camelCase.
function getters(cls) {
  return (cls.properties ?? []).filter((p) => !p.static).map((p) => p.name);
}

export function deriveSchema(pkgName = "@cdktf/provider-aws", name = "aws") {
  const dir = packageDir(pkgName);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  const assembly = JSON.parse(fs.readFileSync(path.join(dir, ".jsii"), "utf8"));
  const types = assembly.types;
  const out = {
    package: `${pkg.name}@${pkg.version}`,
    providerSource: pkg.cdktf?.provider?.name?.split("/").slice(-2).join("/") ?? `hashicorp/${name}`,
    providerVersion: pkg.cdktf?.provider?.version,
    provider: null,
    resource: {},
    data: {},
  };
  for (const t of Object.values(types)) {
    if (t.kind !== "class") continue;
    const m = (t.docs?.summary ?? "").match(classLink(name));
    if (!m) continue;
    const block = buildBlock(`${t.fqn}Config`, types);
    if (!m[1]) {
      out.provider = block;
      continue;
    }
    block.getters = getters(t);
    (m[1] === "resources" ? out.resource : out.data)[m[2]] = block;
  }
  if (!out.provider || Object.keys(out.resource).length < (name === "aws" ? 1000 : 1)) {
    throw new Error(`schema derivation found too little in ${out.package}: the assembly layout changed`);
  }
  return out;
}

const classLink = (name) =>
  new RegExp(`^Represents a \\{@link https:\\/\\/[^/\\s]+\\/providers\\/(?:hashicorp|integrations)\\/${name}\\/[0-9.]+\\/docs(?:\\/(resources|data-sources)\\/\\w+)? (${name}_\\w+|${name})\\}`);

// The AWS schema, with the extra providers' schemas under .extra (keyed by provider name).
export function loadSchema() {
  const aws = loadOne("@cdktf/provider-aws", "aws");
  aws.extra = Object.fromEntries(Object.entries(EXTRA_PROVIDERS).map(([n, p]) => [n, loadOne(p, n)]));
  return aws;
}

function loadOne(pkgName, name) {
  const dir = packageDir(pkgName);
  const version = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version;
  const self = fs.readFileSync(new URL(import.meta.url), "utf8");
  const key = crypto.createHash("sha256").update(version).update(self).digest("hex").slice(0, 16);
  const cacheDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "node_modules", ".cache", "agora-verify");
  const file = path.join(cacheDir, `${name}-schema-${key}.json`);
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8"));
  const schema = deriveSchema(pkgName, name);
  fs.mkdirSync(cacheDir, { recursive: true });
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(schema));
  fs.renameSync(`${file}.tmp`, file);
  return schema;
}

// Expressions: hcl2json renders every non-literal value as a "${...}" template string. We
// cut out each interpolation (respecting nested strings and braces), hand it to the same HCL
// library's expression parser (getExpressionAst) and walk the syntax tree for traversals
// (var.x, local.y, aws_s3_bucket.b.arn, ...), tracking names bound by `for` expressions.
import { getExpressionAst } from "@cdktf/hcl2json";

// Interpolations `${...}` in a template string, outermost only (nested ones are inside).
export function interpolations(s) {
  const out = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === "$" && s[i + 1] === "$" && s[i + 2] === "{") {
      i += 3; // "$${" is a literal "${"
      continue;
    }
    if (s[i] === "$" && s[i + 1] === "{") {
      const end = matchInterpolation(s, i + 2);
      if (end < 0) throw new Error(`unterminated interpolation in: ${s.slice(i, i + 80)}`);
      out.push(s.slice(i + 2, end));
      i = end + 1;
      continue;
    }
    i++;
  }
  return out;
}

// Index of the "}" closing an interpolation whose body starts at `from`.
function matchInterpolation(s, from) {
  let depth = 0;
  let i = from;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') {
      i = skipString(s, i + 1);
      continue;
    }
    if (c === "{" || c === "[" || c === "(") depth++;
    else if (c === "}" || c === "]" || c === ")") {
      if (depth === 0 && c === "}") return i;
      depth--;
    }
    i++;
  }
  return -1;
}

// Skips a quoted template starting after its opening quote; returns the index after it.
function skipString(s, i) {
  while (i < s.length) {
    const c = s[i];
    if (c === "\\") {
      i += 2;
      continue;
    }
    if (c === '"') return i + 1;
    if (c === "$" && s[i + 1] === "{") {
      const end = matchInterpolation(s, i + 2);
      if (end < 0) return s.length;
      i = end + 1;
      continue;
    }
    i++;
  }
  return i;
}

// Every traversal in an expression: { root, parts: [{name}|{index}], text }. Names bound by
// `for` expressions are left out; so are the callers' own bound names (dynamic iterators).
export async function traversals(expr, bound = []) {
  const ast = await getExpressionAst("expr.tf", expr);
  const out = [];
  walk(ast, new Set(bound), out);
  return out;
}

function walk(node, bound, out) {
  if (!node) return;
  let scope = bound;
  if (node.type === "for") {
    scope = new Set(bound);
    if (node.meta?.keyVar) scope.add(node.meta.keyVar);
    if (node.meta?.valVar) scope.add(node.meta.valVar);
  }
  if (node.type === "scopeTraversal") {
    const parts = (node.meta?.traversal ?? []).map((p) =>
      p.type === "nameTraversal" ? { name: p.segment } : { index: p.segment },
    );
    if (parts.length && !scope.has(parts[0].name)) {
      out.push({ root: parts[0].name, parts, text: node.meta.value });
    }
  }
  // The collection of a `for` is evaluated outside its own bindings.
  const children = node.children ?? [];
  children.forEach((child, i) => walk(child, node.type === "for" && i === 0 ? bound : scope, out));
}

export function isWholeExpression(v) {
  return typeof v === "string" && v.startsWith("${") && interpolations(v).length === 1 && v.endsWith("}") && interpolations(v)[0].length === v.length - 3;
}

// Every string value in a JSON tree with its path.
export function* strings(value, pathSoFar = []) {
  if (typeof value === "string") {
    yield { value, path: pathSoFar };
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* strings(value[i], [...pathSoFar, i]);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) yield* strings(v, [...pathSoFar, k]);
  }
}

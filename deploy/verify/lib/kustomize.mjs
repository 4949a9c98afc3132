// Renders a kustomization with the machine's `kubectl kustomize` (kustomize
// v5 is built into kubectl). There is no faithful kustomize build on npm, so
// a machine without kubectl fails here with a message saying what to install
// (docs/adr/0031). A standalone `kustomize` binary is used when kubectl is absent.
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { parseAllDocuments } from "yaml";

let tool;
function findTool() {
  if (tool !== undefined) return tool;
  for (const [cmd, args] of [["kubectl", ["kustomize"]], ["kustomize", ["build"]]]) {
    const probe = spawnSync(cmd, cmd === "kubectl" ? ["version", "--client"] : ["version"], { encoding: "utf8" });
    if (probe.status === 0) {
      const m = cmd === "kubectl" ? /Kustomize Version: v?(\d+)\./.exec(probe.stdout) : /v?(\d+)\.\d+/.exec(probe.stdout);
      const major = m ? Number(m[1]) : NaN;
      if (cmd === "kubectl" && !(major >= 5)) continue;
      tool = { cmd, args, version: probe.stdout.trim().split("\n").join("; ") };
      return tool;
    }
  }
  tool = null;
  return tool;
}

export function kustomizeTool() {
  const t = findTool();
  if (!t) {
    throw new Error(
      "neither `kubectl` (with kustomize v5) nor `kustomize` is installed: install kubectl " +
        "(the Kubernetes apt repository's `kubectl` package, or a release binary) to render deploy/k8s",
    );
  }
  return t;
}

// Rendered objects of one kustomization directory, in output order.
export function render(dir) {
  const t = kustomizeTool();
  return parse(dir, execFileSync(t.cmd, [...t.args, dir], { encoding: "utf8", maxBuffer: 64 << 20 }));
}

// The same, without blocking: several fixtures render at once.
export async function renderAsync(dir) {
  const t = kustomizeTool();
  const { stdout } = await promisify(execFile)(t.cmd, [...t.args, dir], { encoding: "utf8", maxBuffer: 64 << 20 });
  return parse(dir, stdout);
}

function parse(dir, out) {
  return parseAllDocuments(out)
    .map((d) => {
      if (d.errors.length) throw new Error(`${dir}: ${d.errors[0].message}`);
      return d.toJS();
    })
    .filter(Boolean);
}

export const id = (o) => `${o.kind}/${o.metadata?.namespace ? o.metadata.namespace + "/" : ""}${o.metadata?.name}`;

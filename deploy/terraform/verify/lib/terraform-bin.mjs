// The real terraform binary, when this machine has one (CI may not): used only for
// `terraform fmt`, which needs no providers.
import { execFileSync, spawnSync } from "node:child_process";

export function terraformBinary() {
  const r = spawnSync("sh", ["-c", "command -v terraform"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

// Files under `dir` that `terraform fmt -check` would rewrite.
export function fmtCheckList(bin, dir) {
  const env = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1" };
  try {
    execFileSync(bin, ["fmt", "-check", "-list=true", "-recursive", dir], { env, stdio: ["ignore", "pipe", "pipe"] });
    return [];
  } catch (err) {
    if (err.status !== 3) throw new Error(`terraform fmt failed: ${err.stderr}`);
    return err.stdout.toString().split("\n").filter(Boolean);
  }
}

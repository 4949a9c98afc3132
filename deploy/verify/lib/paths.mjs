// Where things are, relative to this checkout (never machine paths).
import { fileURLToPath } from "node:url";
import path from "node:path";

export const VERIFY_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const REPO = path.resolve(VERIFY_DIR, "../..");
export const K8S = path.join(REPO, "deploy/k8s");
export const OVERLAYS = ["dev", "staging", "prod"];
export const WORKFLOWS = path.join(REPO, ".github/workflows");
export const FIXTURES = path.join(VERIFY_DIR, "fixtures");
export const rel = (p) => path.relative(REPO, p);

// Dockerfiles: dockerfile-utils' linter with every optional rule raised to an
// error, then the repository's rules (names used by fixtures/docker).
import { readFileSync } from "node:fs";
import path from "node:path";
import { validate, ValidationSeverity as S } from "dockerfile-utils";
import { DockerfileParser } from "dockerfile-ast";
import { REPO } from "./paths.mjs";

const STRICT = Object.fromEntries(
  ["deprecatedMaintainer", "directiveCasing", "emptyContinuationLine", "instructionCasing", "instructionCmdMultiple",
    "instructionEntrypointMultiple", "instructionHealthcheckMultiple", "instructionJSONInSingleQuotes",
    "instructionWorkdirRelative"].map((k) => [k, S.ERROR]),
);

export function lint(text, name) {
  return validate(text, STRICT).map((d) => `${name}:${d.range.start.line + 1}: ${d.message}`);
}

// Build packages of scripts/setup that the image's build stage leaves out,
// and why (the rest must be installed there: same packages as the machines).
export const NOT_IN_BUILD_STAGE = {
  "postgresql-15": "the server runs in tests and on RDS, not in the build",
  "postgresql-client-15": "psql is a tool of the tests",
  "postgresql-contrib": "server extensions, tests only",
  "postgresql-server-dev-15": "needed to build pgvector for the test clusters, not agora",
  ccache: "the image build caches layers instead",
  wrk: "load generator of the tests",
  curl: "HTTP client of the tests and scripts",
  "nginx-light": "stands in for the ALB in the rollout test",
  jq: "JSON tool of the test and bench scripts",
  shellcheck: "lints the shell scripts in the offline suite",
  pgbackrest: "WAL archiving of the DR drill's cluster; RDS backs up in production",
  prometheus: "promtool tests the alert rules",
  "prometheus-alertmanager": "amtool tests the alert routes",
  "python3-yaml": "deploy/monitoring/check-alerts reads the alert rules",
  clang: "make lint and the fuzz targets, not the image's g++ build",
  "clang-format": "make lint checks the formatting",
  "clang-tidy": "make lint runs the static analysis",
  "libclang-rt-14-dev": "libFuzzer's runtime for the fuzz targets",
  awscli: "parses the AWS recovery scripts' calls in their tests and runs web-deploy against the stand-ins",
  chromium: "the web app's browser tests (tests/e2e/web_app.sh)",
};

// The words of scripts/setup's PACKAGES=( ... ) list. Comments inside it run
// to the end of their line and may contain ")", so the list ends at the first
// ")" outside a comment, not at the first ")".
export function setupPackages(text = readFileSync(path.join(REPO, "scripts/setup"), "utf8")) {
  const start = /^PACKAGES=\(/m.exec(text);
  if (!start) throw new Error("scripts/setup: PACKAGES=( ... ) not found");
  const words = [];
  for (const line of text.slice(start.index + start[0].length).split("\n")) {
    const code = line.replace(/#.*$/, "");
    const end = code.indexOf(")");
    words.push(...(end < 0 ? code : code.slice(0, end)).split(/\s+/).filter(Boolean));
    if (end >= 0) return words;
  }
  throw new Error("scripts/setup: PACKAGES=( ... ) is not closed");
}

function stages(text) {
  const df = DockerfileParser.parse(text);
  const out = [];
  for (const ins of df.getInstructions()) {
    const kw = ins.getKeyword();
    if (kw === "FROM") out.push({ from: ins, image: ins.getImageName() ? ins.getArgumentsContent().split(/\s+/)[0] : "", name: ins.getBuildStage?.() ?? null, ins: [] });
    else if (out.length) out[out.length - 1].ins.push(ins);
  }
  return { df, stages: out };
}

// Rules over the build/runtime split have nothing to say about a single
// stage: multi-stage reports that once.
const singleStage = (t) => stages(t).stages.length < 2;

export const RULES = {
  "multi-stage"(t, v) {
    const { stages: st } = stages(t);
    if (st.length < 2) v("one stage only: build and runtime must be separate stages", "single-stage");
    const last = st.at(-1);
    if (last && st.slice(0, -1).some((s) => s.name && last.image === s.name)) v("the final stage builds on a build stage", "final-from-build");
  },
  // Base images by digest or an exact tag that names a release (with a digit).
  "pinned-base"(t, v) {
    const { stages: st } = stages(t);
    const names = new Set(st.map((s) => s.name).filter(Boolean));
    for (const s of st) {
      const img = s.image;
      if (img === "scratch" || names.has(img)) continue;
      if (/@sha256:[0-9a-f]{64}$/.test(img)) continue;
      const tag = /:([^/:@]+)$/.exec(img)?.[1];
      if (!tag) v(`FROM ${img} has no tag or digest`, "untagged");
      // (latest is no-latest's finding, wherever it appears)
      else if (tag !== "latest" && !/\d/.test(tag)) v(`FROM ${img}: tag "${tag}" moves (use a dated or versioned tag, or a digest)`, "moving-tag");
    }
  },
  "no-latest"(t, v) {
    t.split("\n").forEach((l, i) => { if (/:latest\b/.test(l) && !/^\s*#/.test(l)) v(`line ${i + 1} uses :latest`); });
  },
  // The runtime runs as an unprivileged numeric user (runAsNonRoot checks it).
  "non-root-user"(t, v) {
    const { stages: st } = stages(t);
    const users = (st.at(-1)?.ins ?? []).filter((i) => i.getKeyword() === "USER");
    const user = users.at(-1)?.getArgumentsContent()?.split(":")[0];
    if (!user) v("the final stage sets no USER", "missing");
    else if (!/^\d+$/.test(user)) v(`USER ${user} is not numeric`, "not-numeric");
    else if (Number(user) === 0) v("USER 0 is root", "root");
  },
  // A health check, or HEALTHCHECK NONE with the reason in a comment above it.
  healthcheck(t, v) {
    const lines = t.split("\n");
    const i = lines.findIndex((l) => /^\s*HEALTHCHECK\s/i.test(l));
    if (i < 0) return v("no HEALTHCHECK (or HEALTHCHECK NONE with the reason)", "missing");
    if (/^\s*HEALTHCHECK\s+NONE/i.test(lines[i]) && !/^\s*#/.test(lines[i - 1] ?? "")) v("HEALTHCHECK NONE without a comment saying why", "unexplained-none");
  },
  // The build stage installs what the machines build with (scripts/setup).
  "setup-packages"(t, v) {
    if (singleStage(t)) return;
    const { stages: st } = stages(t);
    const installed = new Set();
    for (const s of st.slice(0, -1))
      for (const ins of s.ins.filter((i) => i.getKeyword() === "RUN"))
        for (const m of ins.getArgumentsContent().matchAll(/apt-get install([^&;]*)/g))
          for (const p of m[1].split(/[\s\\]+/)) if (p && !p.startsWith("-")) installed.add(p);
    for (const p of setupPackages()) if (!(p in NOT_IN_BUILD_STAGE) && !installed.has(p)) v(`build stage does not install ${p} (scripts/setup has it)`);
  },
  // The runtime stage has no compilers or -dev packages.
  "runtime-slim"(t, v) {
    if (singleStage(t)) return;
    const { stages: st } = stages(t);
    for (const ins of (st.at(-1)?.ins ?? []).filter((i) => i.getKeyword() === "RUN"))
      if (/-dev\b|\bg\+\+|\bgcc\b|build-essential|cmake/.test(ins.getArgumentsContent())) v("the runtime stage installs build tools");
  },
  // The image is built like CI builds: warnings are errors (CMake option
  // AGORA_WERROR), so the shipped binary compiled without one.
  werror(t, v) {
    const { df } = stages(t);
    for (const ins of df.getInstructions().filter((i) => i.getKeyword() === "RUN"))
      for (const cmd of ins.getArgumentsContent().split(/&&|;/))
        if (/(^|\s)cmake\s+(-S|-B|-G|-D)/.test(cmd) && !/-DAGORA_WERROR=ON\b/.test(cmd))
          v(`"${cmd.replace(/\\\n/g, " ").replace(/\s+/g, " ").trim()}" configures without -DAGORA_WERROR=ON`);
  },
};
export const RULE_NAMES = Object.keys(RULES);

// The cases of the rules that test several things (the second argument of
// their violations): each is proven by a fixture of its own.
export const CASES = {
  "multi-stage": ["single-stage", "final-from-build"],
  "pinned-base": ["untagged", "moving-tag"],
  "non-root-user": ["missing", "not-numeric", "root"],
  healthcheck: ["missing", "unexplained-none"],
};
// What fixtures name: "rule" or "rule/case", plus the linter and the context check.
export const CASE_NAMES = [...RULE_NAMES.flatMap((r) => (CASES[r] ? CASES[r].map((k) => `${r}/${k}`) : [r])), "lint", "context"];

export function checkRules(text) {
  const out = [];
  for (const [check, fn] of Object.entries(RULES))
    fn(text, (message, kase) => {
      if ((kase !== undefined || CASES[check]) && !CASES[check]?.includes(kase)) throw new Error(`rule ${check}: undeclared case ${kase}`);
      out.push({ check, case: kase ? `${check}/${kase}` : check, message });
    });
  return out;
}

// Paths the build copies from the context must pass the .dockerignore
// allowlist (a "*" first, then "!path" lines).
export function contextProblems(text, ignoreText) {
  const lines = ignoreText.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const out = [];
  if (lines[0] !== "*") out.push(".dockerignore does not start with * (an allowlist)");
  const allowed = lines.filter((l) => l.startsWith("!")).map((l) => l.slice(1).replace(/\/$/, ""));
  const { df } = stages(text);
  for (const ins of df.getInstructions().filter((i) => i.getKeyword() === "COPY" || i.getKeyword() === "ADD")) {
    const flags = (ins.getFlags?.() ?? []).map((f) => f.getName());
    if (flags.includes("from")) continue;
    const args = ins.getArguments().map((a) => a.getValue());
    for (const src of args.filter((a) => !a.startsWith("--")).slice(0, -1)) {
      const p = src.replace(/^\.\//, "").replace(/\/$/, "");
      if (!allowed.some((a) => p === a || p.startsWith(a + "/"))) out.push(`COPY ${src}: excluded by the .dockerignore`);
    }
  }
  return out;
}

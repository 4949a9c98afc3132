// The browser tests (e2e/): Node drives Debian's chromium through
// playwright-core against a running stack (tests/e2e/web_app.sh starts it and
// sets AGORA_E2E_*). One file at a time, tests in order: later ones read
// what earlier ones wrote.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["e2e/**/*.e2e.ts"],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 60_000,
    reporters: ["verbose"],
  },
});

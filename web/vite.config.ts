// Vite builds the app into dist/ (index.html and fingerprinted assets/),
// which agora serve answers locally (AGORA_WEB_DIR) and web-deploy ships to
// S3. `npm run dev` proxies the API to a running agora serve.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { "/api": process.env.AGORA_URL ?? "http://127.0.0.1:8080", "/media": process.env.AGORA_URL ?? "http://127.0.0.1:8080" },
  },
  build: {
    sourcemap: true,
    manifest: true, // read by scripts/check-bundle-size.mjs
    // The content security policy allows no inline script or style.
    assetsInlineLimit: 0,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
  },
});

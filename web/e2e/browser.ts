// The browser and the stack the e2e tests run against, from the environment
// tests/e2e/web_app.sh sets.
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the browser tests through tests/e2e/web_app.sh`);
  return value;
}

export const site = {
  url: env("AGORA_E2E_URL"),
  screenshots: env("AGORA_E2E_SCREENSHOTS"),
  admin: { login: env("AGORA_E2E_ADMIN"), password: env("AGORA_E2E_ADMIN_PASSWORD") },
  member: { login: env("AGORA_E2E_MEMBER"), password: env("AGORA_E2E_MEMBER_PASSWORD") },
};

export function launch(): Promise<Browser> {
  // Debian's own build (no browser download), headless, no GPU on a server.
  return chromium.launch({ executablePath: env("AGORA_CHROMIUM"), headless: true, args: ["--disable-gpu"] });
}

export async function newContext(
  browser: Browser,
  colorScheme: "light" | "dark" = "light",
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: site.url,
    colorScheme,
    viewport: { width: 1280, height: 900 },
    reducedMotion: "reduce",
  });
  context.setDefaultTimeout(15_000);
  return context;
}

// Signs in through the login page, as a person would.
export async function signIn(page: Page, who: { login: string; password: string }): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Username or email").fill(who.login);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

// Retries `check` (which throws until the condition holds) for what the
// worker does in the background: mail, embeddings.
export async function eventually<T>(check: () => Promise<T>, seconds = 30): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

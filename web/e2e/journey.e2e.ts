// A person's first visit, end to end in a real browser: sign up, verify
// through the dev mailbox, create a community, post (with a preview),
// comment, vote, find the post again by what it means, and see another
// person's comment and its notification arrive live. Then the main pages,
// light and dark, checked by axe and photographed.
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { eventually, launch, newContext, signIn, site } from "./browser";

const stamp = Date.now().toString(36);
const ada = { email: `ada.${stamp}@example.com`, login: `ada_${stamp}`, password: "A-long-passphrase-for-e2e" };
const slug = `bakers-${stamp}`;
const title = "How do I keep my sourdough starter alive while I travel for two weeks?";

let browser: Browser;
const contexts: BrowserContext[] = [];
let postId = 0;

async function context(colorScheme: "light" | "dark" = "light"): Promise<BrowserContext> {
  const c = await newContext(browser, colorScheme);
  contexts.push(c);
  return c;
}

// Signs in through the API and returns a caller with the bearer token.
async function apiAs(who: { login: string; password: string }) {
  const login = await fetch(`${site.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(who),
  });
  expect(login.status).toBe(200);
  const { token } = (await login.json()) as { token: string };
  return async (path: string, body: unknown) => {
    const r = await fetch(`${site.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    expect(r.status, `${path}: ${await r.clone().text()}`).toBeLessThan(300);
  };
}

// Posts on other subjects, written through the API, so that finding ours by
// meaning is a choice among several and not the only post there is. Two
// authors: a new account may post only a few times an hour.
async function writeOtherPosts(): Promise<void> {
  const member = await apiAs(site.member);
  const admin = await apiAs(site.admin);
  await admin("/api/v1/communities", { name: "Odds and ends", slug: `misc-${stamp}`, visibility: "public" });
  const posts = [
    ["Which tyres for a gravel bike?", "Looking at 40 mm tubeless tyres for mixed roads and forest tracks."],
    ["Best way to learn Rust after C++?", "I know modern C++ well and want to pick up Rust for a side project."],
    ["My tomato plants have yellow leaves", "The lower leaves turned yellow after a week of heavy rain."],
    ["Recommend a quiet mechanical keyboard", "Something with tactile switches that will not annoy my flatmates."],
    ["How long should a marathon taper be?", "First marathon in April; my longest run so far is 32 km."],
  ] as const;
  for (const [i, [t, b]] of posts.entries())
    await (i % 2 ? member : admin)(`/api/v1/communities/misc-${stamp}/posts`, { title: t, body: b });
}

beforeAll(async () => {
  browser = await launch();
  await writeOtherPosts();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser.close();
});

describe("a person's first visit", () => {
  let page: Page;

  test("signs up and verifies the address through the dev mailbox", async () => {
    page = await (await context()).newPage();
    await page.goto("/signup");
    await page.getByLabel("Email").fill(ada.email);
    await page.getByLabel("Username").fill(ada.login);
    await page.getByLabel("Password").fill(ada.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();

    // The operator's view of the mail the worker wrote.
    const admin = await (await context()).newPage();
    await signIn(admin, site.admin);
    const link = await eventually(async () => {
      await admin.goto("/admin/mailbox");
      const mail = admin.getByRole("article").filter({ hasText: ada.email }).first();
      await mail.waitFor({ timeout: 2000 });
      await mail.getByRole("button", { name: "Show message" }).click({ timeout: 2000 });
      return mail.getByRole("link", { name: /\/verify-email\?token=/ }).getAttribute("href", { timeout: 2000 });
    });
    expect(link).toMatch(new RegExp(`^${site.url}/verify-email\\?token=`));

    await page.goto(link ?? "");
    await page.getByText("Your address is verified.").waitFor();
    await signIn(page, ada);
  });

  test("creates a community and posts, previewing the Markdown first", async () => {
    await page.goto("/communities/new");
    await page.getByLabel("Name").fill("Sourdough bakers");
    await page.getByLabel(/^Address/).fill(slug);
    await page.getByLabel("Description").fill("Starters, loaves and the patience between them.");
    await page.getByRole("button", { name: "Create community" }).click();
    await page.waitForURL(`**/c/${slug}`);

    await page.goto(`/submit?c=${slug}`);
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Text (Markdown)", { exact: true }).fill("I am away **for two weeks**. Feed it before I leave, or dry some?");
    await page.getByRole("tab", { name: "Preview" }).click();
    const preview = page.getByRole("tabpanel", { name: "Preview" });
    await expect.poll(() => preview.locator("strong").textContent()).toBe("for two weeks");
    await page.getByRole("button", { name: "Publish" }).click();
    await page.waitForURL(/\/p\/\d+$/);
    postId = Number(/\/p\/(\d+)$/.exec(page.url())?.[1]);
    await page.getByRole("heading", { name: title, level: 1 }).waitFor();
    await expect.poll(() => page.locator(".prose strong").textContent()).toBe("for two weeks");
  });

  test("comments; another member's vote and follow count and stay", async () => {
    await page.getByLabel("Add a comment").fill("Update: I dried a spoonful on baking paper as a backup.");
    await page.getByRole("button", { name: "Comment", exact: true }).click();
    await page.getByText("Update: I dried a spoonful on baking paper as a backup.").waitFor();

    const member = await (await context()).newPage();
    await signIn(member, site.member);
    await member.goto(`/c/${slug}`);
    const card = member.getByRole("article", { name: title });
    await card.getByRole("button", { name: "Upvote" }).click();
    await expect.poll(() => card.getByRole("button", { name: "Upvote" }).getAttribute("aria-pressed")).toBe("true");
    await card.getByLabel("Score 1").waitFor();
    // Follows the community for every new post; the choice is stored.
    const saved = member.waitForResponse((r) => r.url().endsWith(`/communities/${slug}/subscription`));
    await member.getByLabel("Notifications", { exact: true }).selectOption({ label: "Every new post" });
    expect((await saved).status()).toBe(200);
    await member.reload();
    await member.getByRole("article", { name: title }).getByLabel("Score 1").waitFor();
    expect(await member.getByLabel("Notifications", { exact: true }).inputValue()).toBe("all");
  });

  test("finds the post by a paraphrase, and marks the words it matched", async () => {
    // Not one word of the title: found by meaning (once the worker embedded it).
    const paraphrase = "keeping a bread yeast culture healthy during a holiday";
    await eventually(async () => {
      await page.goto(`/search?q=${encodeURIComponent(paraphrase)}&mode=semantic`);
      const first = page.getByRole("region", { name: "Results" }).getByRole("article").first();
      expect(await first.getByRole("heading").textContent({ timeout: 5000 })).toBe(title);
    });
    await page.goto(`/search?q=${encodeURIComponent("sourdough starters")}&mode=hybrid`);
    const first = page.getByRole("region", { name: "Results" }).getByRole("article").first();
    await expect.poll(() => first.locator("mark").allTextContents()).toEqual(["sourdough", "starter"]);
  });

  test("sees another person's comment and its notification arrive live", async () => {
    await page.goto(`/p/${postId}`);
    // Its name comes from its text; browsers may put a space before the comma.
    const bell = page.getByRole("link", { name: /^Notifications ?, \d+ unread$/ });
    const unreadBefore = Number(/(\d+) unread/.exec((await bell.textContent()) ?? "")?.[1]);

    const member = await (await context()).newPage();
    await signIn(member, site.member);
    await member.goto(`/p/${postId}`);
    const reply = "Feed it right before you leave: a fed starter keeps two weeks in the fridge.";
    await member.getByLabel("Add a comment").fill(reply);
    const sent = Date.now();
    await member.getByRole("button", { name: "Comment", exact: true }).click();

    // No reload on the author's page: the comment and the count come by SSE.
    await page.getByText(reply).waitFor({ timeout: 10_000 });
    const seenAfter = Date.now() - sent;
    await page
      .getByRole("link", { name: new RegExp(`^Notifications ?, ${unreadBefore + 1} unread$`) })
      .waitFor({ timeout: 10_000 });
    console.log(`live comment seen ${seenAfter} ms after it was sent; unread ${unreadBefore} -> ${unreadBefore + 1}`);
  });
});

// Every main page, light and dark: no serious or critical axe violation, and
// a screenshot for people to look at (CI keeps test-results/web/).
describe("the main pages", () => {
  const pages = (): { name: string; path: string; as: "guest" | "ada" | "admin" }[] => [
    { name: "home", path: "/", as: "guest" },
    { name: "community", path: `/c/${slug}`, as: "guest" },
    { name: "post", path: `/p/${postId}`, as: "guest" },
    { name: "search", path: "/search?q=sourdough", as: "guest" },
    { name: "login", path: "/login", as: "guest" },
    { name: "signup", path: "/signup", as: "guest" },
    { name: "profile", path: `/u/${ada.login}`, as: "guest" },
    { name: "not-found", path: "/no/such/page", as: "guest" },
    { name: "home-signed-in", path: "/", as: "ada" },
    { name: "post-signed-in", path: `/p/${postId}`, as: "ada" },
    { name: "submit", path: `/submit?c=${slug}`, as: "ada" },
    { name: "notifications", path: "/notifications", as: "ada" },
    { name: "settings", path: "/settings", as: "ada" },
    { name: "new-community", path: "/communities/new", as: "ada" },
    { name: "moderation", path: `/c/${slug}/moderation`, as: "ada" },
    { name: "admin", path: "/admin", as: "admin" },
    { name: "mailbox", path: "/admin/mailbox", as: "admin" },
  ];

  for (const scheme of ["light", "dark"] as const) {
    test(`have no serious accessibility violations (${scheme})`, async () => {
      const as = {
        guest: await (await context(scheme)).newPage(),
        ada: await (await context(scheme)).newPage(),
        admin: await (await context(scheme)).newPage(),
      };
      await signIn(as.ada, ada);
      await signIn(as.admin, site.admin);
      const problems: string[] = [];
      for (const p of pages()) {
        const page = as[p.as];
        await page.goto(p.path);
        await page.locator("main h1").first().waitFor();
        // Loaded: no skeleton or busy region left (no layout shift to come).
        await expect.poll(() => page.locator('[aria-busy="true"]').count(), { timeout: 15_000 }).toBe(0);
        const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
        for (const v of result.violations)
          if (v.impact === "serious" || v.impact === "critical")
            problems.push(`${p.name} (${scheme}): ${v.id} [${v.impact}] ${v.help}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
        await page.screenshot({ path: `${site.screenshots}/${p.name}-${scheme}.png`, fullPage: true });
      }
      expect(problems).toEqual([]);
    });
  }
});

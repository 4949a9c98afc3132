// A stand-in for an OpenAI-compatible embeddings endpoint, for the tests of
// src/ai/openai_embedder.cpp (driven through
// tests/support/embeddings_test_server.hpp). Node's built-in modules only.
//
//   node openai-server.mjs [--log FILE] [--dims N] [--key KEY] [--unnormalised]
//       [--shuffle] [--fail-first N --fail-status S [--retry-after]]
//       [--delay-ms D] [--wrong-dims] [--duplicate-index] [--non-finite]
//
// Listens on an ephemeral 127.0.0.1 port and prints "LISTENING <port>" as its
// first line once ready. POST /v1/embeddings takes OpenAI's request
// ({"model", "input": string or array of strings, "encoding_format",
// "dimensions"}) and answers in OpenAI's shape with deterministic vectors:
// the lower-cased words of each input (plus one constant feature, so that no
// vector is zero) feature-hashed into `dimensions` (the request's field, else
// --dims, default 16), L2-normalised.
//
//   --key KEY          requests need "Authorization: Bearer KEY"; else 401,
//                      whose message repeats the key received (as OpenAI's
//                      does, masked) so a client that copies it is caught
//   --unnormalised     vector i is scaled by 2.5 + i (not unit length)
//   --shuffle          data items in reverse order (their "index" is right)
//   --fail-first N     the first N requests answer --fail-status S (default
//   --fail-status S    503) with an OpenAI-style error body; with
//   --retry-after      a 429 carries "Retry-After: 1"
//   --delay-ms D       every answer waits D ms (client timeouts)
//   --wrong-dims       vectors have one component too many
//   --duplicate-index  the last item repeats the first item's index
//   --non-finite       component 0 of item 0 is 1e39 (a float overflows)
//   --log FILE         one JSON line per request, appended before it is
//                      answered: {"n", "batch", "status", "authorization",
//                      "model", "encoding_format", "dimensions"}
//
// Empty input strings get OpenAI's 400. Exits on SIGTERM or SIGINT.
import { appendFileSync } from "node:fs";
import { createServer } from "node:http";
import { parseArgs } from "node:util";

const { values: opt } = parseArgs({
  options: {
    log: { type: "string" },
    dims: { type: "string", default: "16" },
    key: { type: "string" },
    unnormalised: { type: "boolean", default: false },
    shuffle: { type: "boolean", default: false },
    "fail-first": { type: "string", default: "0" },
    "fail-status": { type: "string", default: "503" },
    "retry-after": { type: "boolean", default: false },
    "delay-ms": { type: "string", default: "0" },
    "wrong-dims": { type: "boolean", default: false },
    "duplicate-index": { type: "boolean", default: false },
    "non-finite": { type: "boolean", default: false },
  },
});
const nativeDims = Number(opt.dims);
const failFirst = Number(opt["fail-first"]);
const failStatus = Number(opt["fail-status"]);
const delayMs = Number(opt["delay-ms"]);
if (![nativeDims, failFirst, failStatus, delayMs].every(Number.isInteger) || nativeDims < 1) {
  console.error("openai-server.mjs: --dims, --fail-first, --fail-status and --delay-ms take integers");
  process.exit(2);
}

// FNV-1a, 32 bits.
function fnv1a(text, seed = 0x811c9dc5) {
  let h = seed;
  for (const byte of Buffer.from(text, "utf8")) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function embed(text, dims) {
  const v = new Array(dims).fill(0);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const word of ["<s>", ...words]) {
    const h = fnv1a(word);
    const sign = fnv1a(word, 0x1234567) & 1 ? -1 : 1;
    v[h % dims] += sign;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

const errorTypes = {
  400: ["invalid_request_error", null],
  401: ["invalid_request_error", "invalid_api_key"],
  404: ["invalid_request_error", "unknown_url"],
  429: ["requests", "rate_limit_exceeded"],
  500: ["server_error", null],
  502: ["server_error", null],
  503: ["server_error", null],
  504: ["server_error", null],
};
function errorBody(status, message) {
  const [type, code] = errorTypes[status] ?? ["server_error", null];
  return JSON.stringify({ error: { message, type, param: null, code } });
}

let served = 0;
const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const n = ++served;
    const auth = req.headers.authorization;
    const entry = { n, batch: null, status: 200, authorization: auth !== undefined };
    let status = 200;
    let body;
    const headers = { "content-type": "application/json" };
    const fail = (s, message) => {
      status = s;
      body = errorBody(s, message);
    };
    let request = null;
    try {
      request = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      request = null;
    }
    if (request && typeof request === "object") {
      const input = request.input;
      entry.batch = Array.isArray(input) ? input.length : typeof input === "string" ? 1 : null;
      entry.model = request.model ?? null;
      entry.encoding_format = request.encoding_format ?? null;
      entry.dimensions = request.dimensions ?? null;
    }

    if (req.method !== "POST" || req.url !== "/v1/embeddings") {
      fail(404, `Invalid URL (${req.method} ${req.url})`);
    } else if (opt.key !== undefined && auth !== `Bearer ${opt.key}`) {
      const got = (auth ?? "").replace(/^Bearer /, "");
      fail(
        401,
        auth === undefined
          ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
          : `Incorrect API key provided: ${got}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      );
    } else if (n <= failFirst) {
      fail(failStatus, `Injected failure ${n} of ${failFirst} (status ${failStatus}).`);
      if (failStatus === 429 && opt["retry-after"]) headers["retry-after"] = "1";
    } else if (!request || typeof request !== "object") {
      fail(400, "We could not parse the JSON body of your request.");
    } else if (typeof request.model !== "string" || request.model === "") {
      fail(400, "you must provide a model parameter");
    } else {
      const inputs = typeof request.input === "string" ? [request.input] : request.input;
      const format = request.encoding_format ?? "float";
      const dims = request.dimensions ?? nativeDims;
      if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((t) => typeof t === "string" && t !== "")) {
        fail(400, "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.");
      } else if (format !== "float" && format !== "base64") {
        fail(400, `Invalid value for 'encoding_format': '${format}'.`);
      } else if (!Number.isInteger(dims) || dims < 1 || dims > nativeDims) {
        fail(400, `Invalid value for 'dimensions' = ${dims}. Must be between 1 and ${nativeDims}.`);
      } else {
        let words = 0;
        const data = inputs.map((text, index) => {
          words += 1 + (text.match(/\S+/g) ?? []).length;
          let v = embed(text, dims);
          if (opt["wrong-dims"]) v.push(0);
          if (opt.unnormalised) v = v.map((x) => x * (2.5 + index));
          if (opt["non-finite"] && index === 0) v[0] = 1e39;
          const embedding = format === "base64" ? Buffer.from(new Float32Array(v).buffer).toString("base64") : v;
          return { object: "embedding", index, embedding };
        });
        if (opt.shuffle) data.reverse();
        if (opt["duplicate-index"] && data.length > 1) data[data.length - 1].index = data[0].index;
        body = JSON.stringify({
          object: "list",
          data,
          model: request.model,
          usage: { prompt_tokens: words, total_tokens: words },
        });
      }
    }
    entry.status = status;
    if (opt.log) appendFileSync(opt.log, JSON.stringify(entry) + "\n");
    const answer = () => {
      res.writeHead(status, headers);
      res.end(body);
    };
    res.on("error", () => {}); // the client gave up (timeout): nothing to do
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
});

server.listen(0, "127.0.0.1", () => {
  console.log(`LISTENING ${server.address().port}`);
});
for (const sig of ["SIGTERM", "SIGINT"])
  process.on(sig, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });

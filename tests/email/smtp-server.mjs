// A real SMTP server on loopback for the SMTP mailer's tests
// (src/email/smtp_delivery_pg_test.cpp drives it through
// tests/support/smtp_test_server.hpp).
//
//   node smtp-server.mjs --mode starttls|plain|tls --dir OUT --cert CERT --key KEY --user U --pass P
//
// starttls: plain connection that offers STARTTLS, AUTH only after it;
// plain: no STARTTLS at all (the mailer must refuse it); tls: TLS from the
// first byte (smtps). Listens on an ephemeral 127.0.0.1 port and prints
// "LISTENING <port>" once ready. Each message that arrives is parsed with
// mailparser and written to OUT/<n>.json (envelope, TLS and AUTH state,
// parsed subject/text/html/headers and the raw source). RCPT TO an address
// starting with "reject" gets 550; a failed AUTH gets smtp-server's 535.
import { readFileSync, writeFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";

const { values: opt } = parseArgs({
  options: {
    mode: { type: "string", default: "starttls" },
    dir: { type: "string" },
    cert: { type: "string" },
    key: { type: "string" },
    user: { type: "string" },
    pass: { type: "string" },
  },
});
if (!["starttls", "plain", "tls"].includes(opt.mode) || !opt.dir || !opt.cert || !opt.key || !opt.user || !opt.pass) {
  console.error("usage: smtp-server.mjs --mode starttls|plain|tls --dir OUT --cert CERT --key KEY --user U --pass P");
  process.exit(2);
}

// The value of the first header line `name: value` in the message head.
function rawHeader(raw, name) {
  const head = raw.toString("utf8").split("\r\n\r\n")[0];
  for (const line of head.split("\r\n")) if (line.startsWith(`${name}: `)) return line.slice(name.length + 2);
  return null;
}

let received = 0;
const server = new SMTPServer({
  secure: opt.mode === "tls",
  key: readFileSync(opt.key),
  cert: readFileSync(opt.cert),
  hideSTARTTLS: opt.mode === "plain",
  disabledCommands: opt.mode === "plain" ? ["STARTTLS"] : [],
  authMethods: ["PLAIN", "LOGIN"],
  // Credentials only over TLS, as a real submission server demands.
  allowInsecureAuth: false,
  authOptional: false,
  logger: false,
  banner: "agora test SMTP server",
  onAuth(auth, session, callback) {
    if (auth.username === opt.user && auth.password === opt.pass) return callback(null, { user: auth.username });
    return callback(new Error("Invalid username or password"));
  },
  onRcptTo(address, session, callback) {
    if (address.address.startsWith("reject")) {
      const err = new Error("No such user here");
      err.responseCode = 550;
      return callback(err);
    }
    return callback();
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on("data", (c) => chunks.push(c));
    stream.on("end", async () => {
      try {
        const raw = Buffer.concat(chunks);
        const parsed = await simpleParser(raw);
        const headers = {};
        for (const [name, value] of parsed.headers) headers[name] = typeof value === "string" ? value : JSON.stringify(value);
        const n = ++received;
        const out = {
          mailFrom: session.envelope.mailFrom.address,
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          secure: Boolean(session.secure),
          user: session.user ?? null,
          subject: parsed.subject ?? null,
          text: parsed.text ?? null,
          html: parsed.html || null,
          messageId: parsed.messageId ?? null,
          headers,
          // mailparser folds List-* headers into one object; the raw lines say exactly what was sent.
          listUnsubscribe: rawHeader(raw, "List-Unsubscribe"),
          listUnsubscribePost: rawHeader(raw, "List-Unsubscribe-Post"),
          raw: raw.toString("utf8"),
        };
        // Written whole, then renamed: a reader never sees half a file.
        const path = join(opt.dir, `${n}.json`);
        writeFileSync(`${path}.tmp`, JSON.stringify(out, null, 2));
        renameSync(`${path}.tmp`, path);
        callback();
      } catch (e) {
        callback(e);
      }
    });
  },
});

server.on("error", (e) => console.error("smtp-server:", e.message));
server.listen(0, "127.0.0.1", () => {
  console.log(`LISTENING ${server.server.address().port}`);
});
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => server.close(() => process.exit(0)));

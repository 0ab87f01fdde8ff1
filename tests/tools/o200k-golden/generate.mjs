// Writes tests/VoicePrompts.Generator.Tests/Tokens/o200k-golden.json: a corpus of texts with their o200k_base token
// counts from OpenAI's tiktoken (encode_ordinary: special-token text counts as plain text). The corpus is fixed
// text plus seeded random strings, so re-running the script reproduces the file byte for byte.
//   cd tests/tools/o200k-golden && npm install && npm run generate
import { get_encoding } from "tiktoken";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const output = join(here, "..", "..", "VoicePrompts.Generator.Tests", "Tokens", "o200k-golden.json");
const encoding = get_encoding("o200k_base");

const fixed = [
  ["empty", ""],
  ["prose", "Thanks for calling Northwind Bank. For billing, press 1. For anything else, stay on the line and we'll connect you."],
  ["prose-contractions", "It's late; we're sure they've gone, I'm told you'll see he'd left. IT'S WE'RE THEY'VE I'M YOU'LL HE'D It'S"],
  ["punctuation", "Hello!!! What?? -- (maybe) [yes] {no} <ok> ... ;;; :: 'quoted' \"double\" `tick` ~tilde~ @at #hash $dollar %pct ^caret &amp *star"],
  ["code", "public static async Task<int> CountAsync(string text, CancellationToken ct = default)\n{\n    return await _client.PostAsync(\"/v1/audio/speech\", body, ct) ?? 0; // done\r\n}\n"],
  ["urls-and-paths", "See https://platform.openai.com/docs/guides/text-to-speech and C:\\Users\\me\\file.txt or /usr/local/bin//x/"],
  ["numbers", "1 12 123 1234 12345 3.14159 -42 1,000,000 2026-11-24 10:30pm 0x1F 1e10 ٣٤٥ ²³ Ⅻ"],
  ["whitespace", "a  b   c\t\td\n\ne\r\n\r\nf \n g   \n\n   h\u00A0i\u3000j\u2003k    "],
  ["whitespace-only", "   \t  \n  \n\n   "],
  ["trailing-spaces", "end with spaces     "],
  ["chinese", "感谢您致电我们的客户服务中心。请按一号键查询账单，按二号键联系技术支持，或者请继续等待，我们的工作人员将很快为您服务。"],
  ["japanese", "お電話ありがとうございます。カスタマーサービスです。ご用件をお話しください。東京都渋谷区、カタカナとひらがな。"],
  ["korean", "안녕하세요. 고객 센터에 전화해 주셔서 감사합니다. 잠시만 기다려 주십시오."],
  ["arabic-hebrew", "مرحبا بكم في خدمة العملاء. שלום וברוכים הבאים."],
  ["hindi-marks", "नमस्ते, ग्राहक सेवा में आपका स्वागत है। e\u0301 a\u0308 n\u0303"],
  ["emoji", "Great job! 🎉🎉 👍🏽 👨‍👩‍👧‍👦 🇫🇷 ❤️ ☕ 🙂🙃"],
  ["special-tokens-as-text", "<|endoftext|> and <|endofprompt|> are plain text here <|im_start|>"],
  ["astral-letters-contractions", "𝐇𝐞𝐥𝐥𝐨's 𝐇'll 𠮷's 𠮷'LL 𝒜's 𝐀𝐁𝐂'd"],
  ["long-s-contraction", "it'ſ and IT'ſ"],
  ["mixed-case", "McDonald iPhone eBay XMLHttpRequest HTTPServer ΑθήναΣ ПРИВЕТмир"],
  ["repeated-letters", "a".repeat(3000)],
  ["repeated-cjk", "的".repeat(1500)],
  ["long-word", "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(40)],
];

// mulberry32: small, seeded, identical in any JavaScript engine.
function random(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pools = [
  "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
  "0123456789",
  " ",
  "  \t\n\r",
  ".,;:!?'\"()[]{}<>-_/\\|@#$%^&*+=~`",
  "'s'S're'RE've'll'LL'd'm't",
  "àéîõüçñßøåÀÉÎÕÜÇÑØÅ",
  "αβγδεζηθΑΒΓΔπσςΣабвгдежзАБВГДЖ",
  "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领深近",
  "あいうえおかきくけこさしすせそたちつてとなにぬねのアイウエオカキクケコ",
  "\u0301\u0308\u0303\u0327\u093F\u094D",
  "\u00A0\u3000\u2003\u2009\u202F\u0085",
  "①②③²³½٣٤Ⅻ",
  "🎉👍🏽❤️☕🙂🙃🇫🇷👨‍👩‍👧",
  "𝐇𝐞𝐥𝐥𝐨𝒜𝔅𠮷𠀋𡈽",
  "<|endoftext|>",
];

function randomString(next) {
  const length = 1 + Math.floor(next() * 60);
  let text = "";
  while ([...text].length < length) {
    const pool = [...pools[Math.floor(next() * pools.length)]];
    const run = 1 + Math.floor(next() * 6);
    for (let i = 0; i < run; i++) text += pool[Math.floor(next() * pool.length)];
  }
  return text;
}

const next = random(20261124);
const cases = fixed.map(([name, text]) => ({ name, text }));
for (let i = 0; i < 2500; i++) cases.push({ name: `random-${i}`, text: randomString(next) });
for (const c of cases) c.tokens = encoding.encode_ordinary(c.text).length;
encoding.free();

writeFileSync(output, JSON.stringify({
  generator: "tests/tools/o200k-golden/generate.mjs",
  tokenizer: "tiktoken 1.0.22 (npm), o200k_base, encode_ordinary",
  seed: 20261124,
  cases,
}, null, 1) + "\n");
console.log(`${cases.length} cases written to ${output}`);

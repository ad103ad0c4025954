// Prints the gzip size of the JavaScript a first visit downloads (the entry
// script plus its modulepreloads, as listed in dist/index.html) and fails when
// it exceeds the budget (DESIGN.md §7: ≤ 150 KB gzip). Run after `npm run build`.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = Number(process.env.INITIAL_JS_BUDGET_KB ?? 150);
const html = readFileSync('dist/index.html', 'utf8');
const files = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/([^"]+\.js)"/g)].map(
  (m) => m[1],
);
let total = 0;
for (const file of files) {
  const size = gzipSync(readFileSync(`dist/${file}`), { level: 9 }).length;
  total += size;
  console.log(`${(size / 1024).toFixed(1).padStart(7)} KB  ${file}`);
}
console.log(`${(total / 1024).toFixed(1).padStart(7)} KB  initial JS (gzip), budget ${BUDGET_KB} KB`);
if (total / 1024 > BUDGET_KB) {
  console.error('Initial JavaScript is over budget.');
  process.exit(1);
}

// Localisation bundles (VS Code's convention: the English text is the key).
//   node scripts/l10n-pseudo.mjs          writes l10n/bundle.l10n.json (every vscode.l10n.t key in src/extension),
//                                          l10n/bundle.l10n.qps-ploc.json and package.nls.qps-ploc.json (pseudo-locale)
//   node scripts/l10n-pseudo.mjs --check  exits 1 naming each key missing from (or stale in) l10n/bundle.l10n.json
// The extraction is ours (a few lines) rather than @vscode/l10n-dev, which pulls tree-sitter and an Azure client
// and declares no Node engine. It accepts what the host uses: l10n.t('literal', ...args) with a plain literal.
import { readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const SRC = join(root, 'src', 'extension');

/** Every .ts file under dir. */
function tsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Decodes a JS string literal body (quote already stripped) for the escapes the sources use. */
function unescape(body) {
  return body.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_m, e) => {
    if (e[0] === 'u') return String.fromCodePoint(parseInt(e.replace(/[u{}]/g, ''), 16));
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    return { n: '\n', t: '\t', r: '\r', 0: '\0' }[e] ?? e;
  });
}

const CALL = /\bl10n\.t\(\s*(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\$]|\\.)*)`)/g;

/** key -> files using it. */
export function extractKeys(files = tsFiles(SRC)) {
  const keys = new Map();
  for (const f of files) {
    for (const m of readFileSync(f, 'utf8').matchAll(CALL)) {
      const key = unescape(m[1] ?? m[2] ?? m[3]);
      keys.set(key, [...(keys.get(key) ?? []), relative(root, f)]);
    }
  }
  return keys;
}

/** A visibly marked variant with the same {n} placeholders, so an untranslated English string stands out. */
export function pseudo(text) {
  // Placeholders, `code spans` and #setting.links# stay intact (they are names, not English).
  const parts = text.split(/(\{\d+\}|`[^`]*`|#[\w.]+#)/);
  return '⟦' + parts.map((p, i) => (i % 2 ? p : p.replace(/[aeiouAEIOU]/g, (v) => v + v))).join('') + '⟧';
}

const sorted = (obj) => Object.fromEntries(Object.entries(obj).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const json = (obj) => JSON.stringify(obj, null, 2) + '\n';

function main() {
  const keys = extractKeys();
  const bundlePath = join(root, 'l10n', 'bundle.l10n.json');
  if (process.argv.includes('--check')) {
    const bundle = JSON.parse(readFileSync(bundlePath, 'utf8'));
    const missing = [...keys.keys()].filter((k) => !(k in bundle));
    const stale = Object.keys(bundle).filter((k) => !keys.has(k));
    for (const k of missing) console.error(`missing from l10n/bundle.l10n.json: ${JSON.stringify(k)} (${keys.get(k).join(', ')})`);
    for (const k of stale) console.error(`stale in l10n/bundle.l10n.json (no l10n.t uses it): ${JSON.stringify(k)}`);
    if (missing.length + stale.length) {
      console.error('run: node scripts/l10n-pseudo.mjs');
      process.exit(1);
    }
    console.log(`l10n: ${keys.size} host strings, bundle up to date`);
    return;
  }
  const bundle = sorted(Object.fromEntries([...keys.keys()].map((k) => [k, k])));
  writeFileSync(bundlePath, json(bundle));
  writeFileSync(join(root, 'l10n', 'bundle.l10n.qps-ploc.json'), json(Object.fromEntries(Object.keys(bundle).map((k) => [k, pseudo(k)]))));
  const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
  writeFileSync(join(root, 'package.nls.qps-ploc.json'), json(Object.fromEntries(Object.entries(nls).map(([k, v]) => [k, pseudo(v)]))));
  console.log(`l10n: ${keys.size} host strings, ${Object.keys(nls).length} manifest strings; pseudo-locale qps-ploc written`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();

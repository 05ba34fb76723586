// A fast import scanner for the fast test layer: the same edges as importGraph.readImports (which uses the
// TypeScript parser and costs a second to load), found with regular expressions over the source with comments
// and template/string contents that cannot hold an import removed. platform.test.ts (oracle layer) checks that
// the two agree on every file, so this scanner cannot drift silently.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveRelative, type ImportEdge, type SourceFileInfo } from './graph';

/**
 * The code with comments blanked, every string literal replaced by a numbered placeholder "<k>" (contents
 * kept in `strings`) and template text blanked while `${…}` expressions inside templates stay code: text
 * inside a string can then never pass for an import. Newlines are kept, so line numbers hold.
 */
function tokenize(text: string): { code: string; strings: string[] } {
  const strings: string[] = [];
  let code = '';
  // Innermost last: a template, or code with its open-brace depth (code inside `${` ends at its own '}').
  const stack: Array<{ template: true } | { template: false; depth: number }> = [{ template: false, depth: 0 }];
  let i = 0;
  while (i < text.length) {
    const top = stack[stack.length - 1];
    const c = text[i];
    const n = text[i + 1];
    if (top.template) {
      if (c === '`') {
        code += '`';
        stack.pop();
        i++;
      } else if (c === '\\') {
        code += '  ';
        i += 2;
      } else if (c === '$' && n === '{') {
        code += '${';
        stack.push({ template: false, depth: 0 });
        i += 2;
      } else {
        code += c === '\n' ? '\n' : ' ';
        i++;
      }
    } else if (c === '/' && n === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && n === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      code += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      code += `"${strings.push(text.slice(i + 1, j)) - 1}"`;
      i = j + 1;
    } else if (c === '`') {
      code += '`';
      stack.push({ template: true });
      i++;
    } else {
      if (c === '{') top.depth++;
      else if (c === '}') {
        if (top.depth === 0 && stack.length > 1) stack.pop(); // the end of a `${…}`
        else top.depth--;
      }
      code += c;
      i++;
    }
  }
  return { code, strings };
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** `{ type A, type B }` (every binding a type) or `type X` / `type { … }` / `type * as X`: erased. */
function clauseIsTypeOnly(kind: 'import' | 'export', clause: string): boolean {
  const c = clause.trim();
  if (/^type\b/.test(c) && !/^type\s*,/.test(c)) return true;
  if (kind === 'import' && !c.startsWith('{')) return false; // default or namespace import: a value
  const m = /^\{([\s\S]*)\}$/.exec(c);
  if (!m) return false;
  const names = m[1].split(',').map((s) => s.trim()).filter(Boolean);
  return names.length > 0 && names.every((s) => /^type\s/.test(s));
}

export function scanImports(root: string, rel: string): SourceFileInfo {
  const { code: text, strings } = tokenize(readFileSync(join(root, rel), 'utf8'));
  const imports: Array<ImportEdge & { at: number }> = [];
  const add = (placeholder: string, typeOnly: boolean, at: number): void => {
    const specifier = strings[Number(placeholder)];
    const target = specifier.startsWith('.') ? resolveRelative(root, rel, specifier) : undefined;
    imports.push({ specifier, target, typeOnly, line: lineAt(text, at), at });
  };
  // import/export … from "k" (the clause may span lines; `export * from` and `export * as x from` too).
  for (const m of text.matchAll(/(?<![\w$.])(import|export)\s+((?:type\s+)?(?:[\w$]+\s*,\s*)?(?:\{[^}]*\}|\*(?:\s+as\s+[\w$]+)?|[\w$]+))\s*from\s*(")(\d+)"/g)) {
    add(m[4], clauseIsTypeOnly(m[1] as 'import' | 'export', m[2]), m.index + m[0].length - m[4].length - 1);
  }
  // import '…' (side effect), import x = require('…').
  for (const m of text.matchAll(/(?<![\w$.])import\s*(")(\d+)"/g)) add(m[2], false, m.index + m[0].length - m[2].length - 1);
  for (const m of text.matchAll(/(?<![\w$.])import\s+(type\s+)?[\w$]+\s*=\s*require\s*\(\s*(")(\d+)"\s*\)/g)) {
    add(m[3], !!m[1], m.index + m[0].length - m[3].length - 2);
  }
  // import('…') and require('…') calls; `import('…').T` in a type position (after ':' '<' '|' '&' ',' '(' or
  // `typeof`) is a type.
  for (const m of text.matchAll(/(?<![\w$.])(import|require)\s*\(\s*(")(\d+)"\s*\)/g)) {
    if (m[1] === 'require' && /import\s+(type\s+)?[\w$]+\s*=\s*$/.test(text.slice(Math.max(0, m.index - 80), m.index))) continue;
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    const typePosition = m[1] === 'import' && /(?:[:<|&,(]|\btypeof)\s*$/.test(before) && /^\s*\./.test(text.slice(m.index + m[0].length));
    add(m[3], typePosition, m.index + m[0].length - m[3].length - 2);
  }
  imports.sort((a, b) => a.at - b.at);
  return { path: rel, imports: imports.map(({ at: _at, ...e }) => e) };
}

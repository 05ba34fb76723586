// Mutation fuzzer for the whole pipeline: reader → shape inference → cost (expedera-8k), in-process in worker
// threads with a per-case time limit. `npm run fuzz -- --count N --seed S [--time-limit MS] [--max-seed-bytes B]`
//
// Seeds: every .onnx file under test/, samples/ and ../shared/testdata/models (up to --max-seed-bytes each), plus
// generated hostile models (deeply nested If bodies, doubling and recursive functions, cycles, absurd dims).
// Mutations: bit flips, truncation, inserted/deleted bytes, a huge varint length on a real field, duplicated and
// reordered fields (ModelProto and GraphProto level), and wrapping the graph in nested If branches.
// Each case is reproducible from (seed, case index). Outcomes:
//   ok       the pipeline produced a cost
//   typed    a clean typed error (OnnxReadError, ModelError, HardwareConfigError, BindingError)
//   crash    anything else, including ShapeInternalError (a bug) and a worker killed by its 1 GB heap limit
//   hang     no answer within the time limit (the worker is terminated and replaced)
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { memorySource } from '../src/core/onnx/byteSource';
import { readModel } from '../src/core/onnx/reader';
import { OnnxReadError } from '../src/core/onnx/errors';
import { inferShapes } from '../src/core/shapes';
import { ModelError } from '../src/core/model/errors';
import { BindingError } from '../src/core/shapes/bindings';
import { prepareGraph, costPrepared } from '../src/core/cost/engine';
import { PRESETS, HardwareConfigError } from '../src/core/cost/hardware';
import { concat as cat, varint } from '../test/unit/onnx/build';
import { mulberry32 as rng } from '../test/unit/random';

export interface FuzzOptions {
  count: number;
  seed: number;
  /** Per-case wall-clock limit before the case counts as a hang. */
  timeLimitMs?: number;
  maxSeedBytes?: number;
  /** Heap limit of a worker (MB): exceeding it is a crash (out of memory). */
  heapLimitMb?: number;
  log?: (line: string) => void;
}

export interface FuzzCaseReport {
  index: number;
  seedName: string;
  mutation: string;
  outcome: 'ok' | 'typed' | 'crash' | 'hang';
  ms: number;
  message?: string;
}

export interface FuzzReport {
  cases: number;
  ok: number;
  typed: number;
  crashes: FuzzCaseReport[];
  hangs: FuzzCaseReport[];
  worstMs: number;
  worstCase?: string;
  /** Largest heap used in a worker after a case (MB). */
  worstHeapMb: number;
  /** Largest resident set of the process seen (MB). */
  worstRssMb: number;
  seeds: number;
  byMutation: Record<string, { ok: number; typed: number; crash: number; hang: number }>;
  typedKinds: Record<string, number>;
}

const repoRoot = path.resolve(__dirname, '..');
const sharedModels = path.resolve(repoRoot, '..', 'shared', 'testdata', 'models');

// ------------------------------------------------------------------------------------------------ random, protobuf

const enc = (s: string) => new TextEncoder().encode(s);
const len = (no: number, payload: Uint8Array | number[]) => cat(varint(no * 8 + 2), varint(payload.length), payload);
const vint = (no: number, v: number | bigint) => cat(varint(no * 8), varint(v));

interface Span {
  field: number;
  start: number;
  /** Start of the length varint (length-delimited fields) and of the payload. */
  lenAt: number;
  payload: number;
  end: number;
}

/** Top-level fields of a protobuf message (stops at the first thing that does not parse). */
function fields(b: Uint8Array, from = 0, to = b.length): Span[] {
  const out: Span[] = [];
  let p = from;
  const rd = (): number | undefined => {
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 10 && p < to; i++) {
      const x = b[p++];
      v += (x & 0x7f) * mul;
      mul *= 128;
      if (x < 128) return v;
    }
    return undefined;
  };
  while (p < to) {
    const start = p;
    const tag = rd();
    if (tag === undefined) break;
    const wt = tag % 8;
    const field = Math.floor(tag / 8);
    const lenAt = p;
    if (wt === 0) {
      if (rd() === undefined) break;
    } else if (wt === 1) p += 8;
    else if (wt === 5) p += 4;
    else if (wt === 2) {
      const n = rd();
      if (n === undefined || p + n > to) break;
      out.push({ field, start, lenAt, payload: p, end: p + n });
      p += n;
      continue;
    } else break;
    if (p > to) break;
    out.push({ field, start, lenAt, payload: p, end: p });
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ seeds

function walk(dir: string, out: string[]): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const f of entries) {
    const p = path.join(dir, f);
    const s = statSync(p, { throwIfNoEntry: false });
    if (!s) continue;
    if (s.isDirectory()) walk(p, out);
    else if (f.endsWith('.onnx')) out.push(p);
  }
  return out;
}

const vi = (name: string, dims: Array<number | string>) =>
  len(11, cat(len(1, enc(name)), len(2, len(1, cat(vint(1, 1), len(2, cat(...dims.map((d) => len(1, typeof d === 'number' ? vint(1, d) : len(2, enc(d))))))))))); // ValueInfo(name, TypeProto.tensor(elem float, shape))
const nodeB = (op: string, ins: string[], outs: string[], extra: Uint8Array[] = [], domain = '', name = '') =>
  cat(...ins.map((i) => len(1, enc(i))), ...outs.map((o) => len(2, enc(o))), name ? len(3, enc(name)) : [], len(4, enc(op)), ...extra, domain ? len(7, enc(domain)) : []);
const graphAttr = (name: string, g: Uint8Array) => len(5, cat(len(1, enc(name)), len(6, g), vint(20, 5)));
const modelB = (graph: Uint8Array, functions: Uint8Array[] = [], opsets: Array<[string, number]> = [['', 17]]) =>
  cat(vint(1, 8), len(2, enc('fuzz')), ...opsets.map(([d, v]) => len(8, cat(d ? len(1, enc(d)) : [], vint(2, v)))), len(7, graph), ...functions.map((f) => len(25, f)));
const fnB = (name: string, ins: string[], outs: string[], nodes: Uint8Array[]) =>
  cat(len(1, enc(name)), ...ins.map((i) => len(4, enc(i))), ...outs.map((o) => len(5, enc(o))), ...nodes.map((n) => len(7, n)), len(9, vint(2, 17)), len(10, enc('local')));

/** Hand-made hostile models (generated, so the harness works without ../shared). */
function syntheticSeeds(): Array<{ name: string; bytes: Uint8Array }> {
  const seeds: Array<{ name: string; bytes: Uint8Array }> = [];
  const relu = (i: string, o: string) => len(1, nodeB('Relu', [i], [o]));
  // Nested If, outer values read two and more levels up.
  const nested = (depth: number): Uint8Array => {
    let body = cat(len(1, nodeB('Relu', ['x'], [`r${depth}`])), len(2, enc(`b${depth}`)), len(12, cat(len(1, enc(`r${depth}`)))));
    for (let d = depth - 1; d >= 0; d--) {
      // The else branch returns the outer x (a value from d levels up); only the then branch nests (no 2^depth bytes).
      const elseG = cat(len(1, nodeB('Identity', ['x'], [`e${d}`])), len(2, enc(`e${d}`)), len(12, len(1, enc(`e${d}`))));
      const ifNode = nodeB('If', ['c'], [`r${d}`], [graphAttr('then_branch', body), graphAttr('else_branch', elseG)]);
      body = cat(len(1, ifNode), len(2, enc(`b${d}`)), len(12, len(1, enc(`r${d}`))));
    }
    return body;
  };
  for (const depth of [2, 8, 30]) {
    const g = cat(nested(depth), vi('x', [1, 4]), len(11, cat(len(1, enc('c')), len(2, len(1, cat(vint(1, 9), len(2, [])))))));
    seeds.push({ name: `gen:nested-if-${depth}`, bytes: modelB(g) });
  }
  // Doubling functions (exponential without memoising) and recursive functions.
  const doubling = (depth: number): Uint8Array => {
    const fns: Uint8Array[] = [];
    for (let i = 0; i < depth; i++)
      fns.push(i === depth - 1 ? fnB(`f${i}`, ['a'], ['b'], [nodeB('Relu', ['a'], ['b'])]) : fnB(`f${i}`, ['a'], ['b'], [nodeB(`f${i + 1}`, ['a'], ['t'], [], 'local'), nodeB(`f${i + 1}`, ['t'], ['b'], [], 'local')]));
    return modelB(cat(len(1, nodeB('f0', ['x'], ['y'], [], 'local')), vi('x', [1, 8]), len(12, len(1, enc('y')))), fns, [['', 17], ['local', 1]]);
  };
  seeds.push({ name: 'gen:doubling-functions-30', bytes: doubling(30) });
  seeds.push({
    name: 'gen:recursive-function',
    bytes: modelB(cat(len(1, nodeB('f', ['x'], ['y'], [], 'local')), vi('x', [2]), len(12, len(1, enc('y')))), [fnB('f', ['a'], ['b'], [nodeB('f', ['a'], ['b'], [], 'local')])], [['', 17], ['local', 1]]),
  });
  seeds.push({ name: 'gen:cycle', bytes: modelB(cat(relu('b', 'a'), relu('a', 'b'), vi('x', [2]), len(12, len(1, enc('a'))))) });
  seeds.push({ name: 'gen:huge-dims', bytes: modelB(cat(relu('x', 'y'), vi('x', [2 ** 40, 3]), len(12, len(1, enc('y'))))) });
  seeds.push({ name: 'gen:symbolic-conv', bytes: modelB(cat(len(1, nodeB('Conv', ['x', 'w'], ['y'])), vi('x', ['batch', 3, 'h', 'w']), len(5, cat(vint(1, 8), vint(1, 3), vint(1, 3), vint(1, 3), vint(2, 1), len(8, enc('w')))), len(12, len(1, enc('y'))))) });
  return seeds;
}

export function loadSeedsForTest(maxBytes: number) {
  return loadSeeds(maxBytes);
}

function loadSeeds(maxBytes: number): Array<{ name: string; bytes: Uint8Array }> {
  const files = [...walk(path.join(repoRoot, 'test'), []), ...walk(path.join(repoRoot, 'samples'), []), ...walk(sharedModels, [])];
  const seeds = files
    .filter((f) => (statSync(f).size ?? Infinity) <= maxBytes)
    .sort()
    .map((f) => ({ name: path.relative(path.resolve(repoRoot, '..'), f), bytes: new Uint8Array(readFileSync(f)) }));
  return [...seeds, ...syntheticSeeds()];
}

// ------------------------------------------------------------------------------------------------ mutations

type Mutator = (b: Uint8Array, r: () => number) => Uint8Array;
const pick = <T>(xs: T[], r: () => number): T => xs[Math.floor(r() * xs.length)];
const at = (b: Uint8Array, r: () => number) => Math.floor(r() * Math.max(1, b.length));

/** A graph-level or model-level field span, chosen at random (graph fields preferred: that is where the nodes are). */
function someSpans(b: Uint8Array, r: () => number): { spans: Span[]; base: number; end: number } {
  const top = fields(b);
  const g = top.find((s) => s.field === 7 && s.end > s.payload);
  if (g && r() < 0.7) return { spans: fields(b, g.payload, g.end), base: g.payload, end: g.end };
  return { spans: top, base: 0, end: b.length };
}

/** Edits that reframe only the message they change (the graph, or the model's top level). */
export const MUTATORS: Record<string, Mutator> = {
  bitflip: (b, r) => {
    const out = b.slice();
    const n = 1 + Math.floor(r() * 8);
    for (let i = 0; i < n; i++) out[at(out, r)] ^= 1 << Math.floor(r() * 8);
    return out;
  },
  truncate: (b, r) => b.slice(0, at(b, r)),
  insert: (b, r) => {
    const p = at(b, r);
    const junk = Array.from({ length: 1 + Math.floor(r() * 16) }, () => Math.floor(r() * 256));
    return cat(b.subarray(0, p), junk, b.subarray(p));
  },
  delete: (b, r) => {
    const p = at(b, r);
    return cat(b.subarray(0, p), b.subarray(Math.min(b.length, p + 1 + Math.floor(r() * 32))));
  },
  hugeLength: (b, r) => {
    // Rewrite the length varint of a real length-delimited field (a node, an initializer, the graph...).
    const { spans } = someSpans(b, r);
    const lenSpans = spans.filter((s) => s.end > s.payload);
    if (lenSpans.length === 0) return b;
    const s = pick(lenSpans, r);
    const huge = pick([2 ** 31 - 1, 2 ** 32, 2 ** 53, 2n ** 62n, 2n ** 64n - 1n], r);
    return cat(b.subarray(0, s.lenAt), varint(huge), b.subarray(s.payload));
  },
  duplicateField: (b, r) => topDuplicate(b, r),
  reorderFields: (b, r) => {
    const top = fields(b);
    if (top.length < 2) return b;
    const covered = top[top.length - 1].end;
    const parts = top.map((s) => b.subarray(s.start, s.end));
    for (let i = parts.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [parts[i], parts[j]] = [parts[j], parts[i]];
    }
    return cat(...parts, b.subarray(covered));
  },
  graphFieldShuffle: (b, r) => {
    // Reorder the main graph's own fields (nodes out of order, initializers after nodes...), reframing the graph.
    const top = fields(b);
    const g = top.find((s) => s.field === 7);
    if (!g) return b;
    const gs = fields(b, g.payload, g.end);
    const parts = gs.map((s) => b.subarray(s.start, s.end));
    for (let i = parts.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [parts[i], parts[j]] = [parts[j], parts[i]];
    }
    if (r() < 0.5 && parts.length) parts.push(pick(parts, r)); // and a duplicated graph field
    return cat(b.subarray(0, g.start), len(7, cat(...parts)), b.subarray(g.end));
  },
  nestInIf: (b, r) => {
    // The main graph becomes both branches of an If, nested 1..60 deep: subgraph recursion and outer-scope reads.
    const top = fields(b);
    const g = top.find((s) => s.field === 7);
    if (!g) return b;
    let inner = b.subarray(g.payload, g.end);
    const gf = fields(b, g.payload, g.end);
    const outputs = gf.filter((s) => s.field === 12).map((s) => b.subarray(s.start, s.end));
    const inputs = gf.filter((s) => s.field === 11 || s.field === 5).map((s) => b.subarray(s.start, s.end));
    const outNames = gf.filter((s) => s.field === 12).map((s) => {
      const n = fields(b, s.payload, s.end).find((x) => x.field === 1);
      return n ? new TextDecoder().decode(b.subarray(n.payload, n.end)) : '';
    });
    // Each level holds the graph once more (as its else branch): cap the result near 8 MB.
    const depth = Math.max(1, Math.min(1 + Math.floor(r() * 60), Math.floor((8 * 2 ** 20) / Math.max(1, g.end - g.payload))));
    for (let d = 0; d < depth; d++) {
      const ifNode = nodeB('If', ['fuzz_cond'], outNames, [graphAttr('then_branch', inner), graphAttr('else_branch', d === 0 ? inner : b.subarray(g.payload, g.end))]);
      inner = cat(len(1, ifNode), ...outputs);
    }
    const cond = len(11, cat(len(1, enc('fuzz_cond')), len(2, len(1, cat(vint(1, 9), len(2, []))))));
    return cat(b.subarray(0, g.start), len(7, cat(inner, ...inputs, cond)), b.subarray(g.end));
  },
};

function topDuplicate(b: Uint8Array, r: () => number): Uint8Array {
  const top = fields(b);
  const g = top.find((s) => s.field === 7);
  if (g && r() < 0.7) {
    const gs = fields(b, g.payload, g.end);
    if (gs.length === 0) return b;
    const s = pick(gs, r);
    const copies = 1 + Math.floor(r() * 3);
    const graph = cat(b.subarray(g.payload, s.end), ...Array.from({ length: copies }, () => b.subarray(s.start, s.end)), b.subarray(s.end, g.end));
    return cat(b.subarray(0, g.start), len(7, graph), b.subarray(g.end));
  }
  if (top.length === 0) return b;
  const s = pick(top, r);
  return cat(b.subarray(0, s.end), b.subarray(s.start, s.end), b.subarray(s.end));
}

const MUTATOR_NAMES = Object.keys(MUTATORS);

/** The bytes of case `index`: one seed, one to three mutations (the first ~3% of cases: the seed unmutated). */
export function makeCase(seeds: Array<{ name: string; bytes: Uint8Array }>, seed: number, index: number): { seedName: string; mutation: string; bytes: Uint8Array } {
  const r = rng((seed * 1_000_003 + index * 7919) >>> 0);
  const s = seeds[Math.floor(r() * seeds.length)];
  if (r() < 0.03) return { seedName: s.name, mutation: 'none', bytes: s.bytes };
  let bytes = s.bytes;
  const names: string[] = [];
  const n = 1 + Math.floor(r() * r() * 3);
  for (let i = 0; i < n; i++) {
    const m = pick(MUTATOR_NAMES, r);
    names.push(m);
    const t0 = Date.now();
    bytes = MUTATORS[m](bytes, r);
    if (process.env.FUZZ_DEBUG) console.error(`  mutation ${m} on ${s.name}: ${Date.now() - t0} ms, ${bytes.length} bytes`);
  }
  return { seedName: s.name, mutation: names.join('+'), bytes };
}

// ------------------------------------------------------------------------------------------------ worker

interface WorkerIn {
  seed: number;
  maxSeedBytes: number;
}
type ToWorker = { index: number } | { stop: true };
type FromWorker = { ready: number } | { index: number; seedName: string; mutation: string; outcome: 'ok' | 'typed' | 'crash'; kind?: string; ms: number; message?: string; heapMb: number; rssMb: number };

async function workerMain(): Promise<void> {
  const { seed, maxSeedBytes } = workerData as WorkerIn;
  const hw = PRESETS['expedera-8k'].config;
  const seeds = loadSeeds(maxSeedBytes);
  const port = parentPort!;
  port.postMessage({ ready: seeds.length } satisfies FromWorker);
  port.on('message', (msg: ToWorker) => void (async () => {
    if ('stop' in msg) {
      process.exit(0);
    }
    const c = makeCase(seeds, seed, msg.index);
    const t0 = performance.now();
    let outcome: 'ok' | 'typed' | 'crash' = 'ok';
    let message: string | undefined;
    let kind: string | undefined;
    try {
      const model = await readModel(memorySource(c.seedName, c.bytes));
      const shapes = inferShapes(model);
      const cost = costPrepared(prepareGraph(model, shapes), hw);
      if (!Number.isFinite(cost.totals.latencyMs)) throw new Error(`non-finite latency ${cost.totals.latencyMs}`);
    } catch (e) {
      const typed = e instanceof OnnxReadError || e instanceof ModelError || e instanceof BindingError || e instanceof HardwareConfigError;
      outcome = typed ? 'typed' : 'crash';
      kind = e instanceof Error ? e.name : typeof e;
      message = e instanceof Error ? (typed ? e.message : `${e.name}: ${e.message}\n${e.stack?.split('\n').slice(1, 6).join('\n')}`) : String(e);
    }
    const ms = performance.now() - t0;
    const mem = process.memoryUsage();
    port.postMessage({ index: msg.index, seedName: c.seedName, mutation: c.mutation, outcome, kind, ms, message, heapMb: mem.heapUsed / 2 ** 20, rssMb: mem.rss / 2 ** 20 } satisfies FromWorker);
  })());
}

// ------------------------------------------------------------------------------------------------ main

/** Runs `count` cases in one worker at a time (a new worker after a hang or an out-of-memory kill). */
export async function runFuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const timeLimit = opts.timeLimitMs ?? 5000;
  const rep: FuzzReport = { cases: 0, ok: 0, typed: 0, crashes: [], hangs: [], worstMs: 0, worstHeapMb: 0, worstRssMb: 0, seeds: 0, byMutation: {}, typedKinds: {} };
  const log = opts.log ?? (() => {});
  let next = 0;
  const tally = (mutation: string, o: 'ok' | 'typed' | 'crash' | 'hang') => {
    const m = (rep.byMutation[mutation.split('+')[0]] ??= { ok: 0, typed: 0, crash: 0, hang: 0 });
    m[o]++;
  };
  let seedsHere: ReturnType<typeof loadSeeds> | undefined;
  /** Seed and mutation of a case the worker could not report (hang, out of memory): recomputed here. */
  const describe = (index: number) => {
    const c = makeCase((seedsHere ??= loadSeeds(opts.maxSeedBytes ?? 8 * 2 ** 20)), opts.seed, index);
    return { seedName: c.seedName, mutation: c.mutation };
  };
  while (next < opts.count) {
    await new Promise<void>((resolve) => {
      // tsx's loader does not reach worker threads on Node 20: register its CommonJS hook inside the worker.
      const w = new Worker(`require('tsx/cjs'); require(${JSON.stringify(__filename)});`, {
        eval: true,
        workerData: { seed: opts.seed, maxSeedBytes: opts.maxSeedBytes ?? 8 * 2 ** 20 } satisfies WorkerIn,
        resourceLimits: { maxOldGenerationSizeMb: opts.heapLimitMb ?? 1024 },
      });
      let current = -1;
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      const finish = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve();
      };
      const send = () => {
        if (next >= opts.count) {
          w.postMessage({ stop: true } satisfies ToWorker);
          return;
        }
        current = next++;
        const started = performance.now();
        timer = setTimeout(() => {
          const desc = describe(current);
          const c = { index: current, seedName: desc.seedName, mutation: desc.mutation, outcome: 'hang' as const, ms: performance.now() - started };
          rep.cases++;
          rep.hangs.push(c);
          tally(desc.mutation, 'hang');
          log(`hang: case ${current} ${desc.seedName} [${desc.mutation}] over ${timeLimit} ms`);
          current = -1;
          void w.terminate().then(finish);
        }, timeLimit);
        w.postMessage({ index: current } satisfies ToWorker);
      };
      w.on('message', (m: FromWorker) => {
        if ('ready' in m) {
          rep.seeds = m.ready;
          send();
          return;
        }
        clearTimeout(timer);
        current = -1;
        rep.cases++;
        if (m.outcome === 'ok') rep.ok++;
        else if (m.outcome === 'typed') {
          rep.typed++;
          rep.typedKinds[m.kind ?? '?'] = (rep.typedKinds[m.kind ?? '?'] ?? 0) + 1;
        } else {
          rep.crashes.push({ index: m.index, seedName: m.seedName, mutation: m.mutation, outcome: 'crash', ms: m.ms, message: m.message });
          log(`crash: case ${m.index} ${m.seedName} [${m.mutation}]: ${m.message}`);
        }
        tally(m.mutation, m.outcome);
        if (m.ms > rep.worstMs) {
          rep.worstMs = m.ms;
          rep.worstCase = `case ${m.index} ${m.seedName} [${m.mutation}]`;
        }
        rep.worstHeapMb = Math.max(rep.worstHeapMb, m.heapMb);
        rep.worstRssMb = Math.max(rep.worstRssMb, m.rssMb);
        if (rep.cases % 500 === 0) log(`${rep.cases} cases: ${rep.ok} ok, ${rep.typed} typed errors, ${rep.crashes.length} crashes, ${rep.hangs.length} hangs`);
        send();
      });
      w.on('error', (e) => {
        // Out of memory (ERR_WORKER_OUT_OF_MEMORY) or an uncaught error: the current case crashed.
        clearTimeout(timer);
        if (rep.seeds === 0) log(`fuzz: worker failed to start: ${e.stack ?? e.message}`);
        if (current >= 0) {
          rep.cases++;
          const desc = describe(current);
          rep.crashes.push({ index: current, ...desc, outcome: 'crash', ms: 0, message: `worker died: ${e.message}` });
          tally(desc.mutation, 'crash');
          log(`crash: case ${current}: worker died: ${e.message}`);
          current = -1;
        }
      });
      w.on('exit', () => {
        if (rep.seeds === 0) throw new Error('fuzz: the worker exited before loading its seeds');
        finish();
      });
    });
  }
  return rep;
}

export function formatReport(r: FuzzReport, seed: number, wallS: number): string[] {
  const lines = [
    `fuzz: ${r.cases} cases (seed ${seed}, ${r.seeds} seed models) in ${wallS.toFixed(1)} s`,
    `  ok ${r.ok}, clean typed errors ${r.typed}, crashes ${r.crashes.length}, hangs ${r.hangs.length}`,
    `  worst case ${r.worstMs.toFixed(0)} ms (${r.worstCase ?? '-'}), worst worker heap ${r.worstHeapMb.toFixed(0)} MB, worst process RSS ${r.worstRssMb.toFixed(0)} MB`,
    `  typed errors by class: ${Object.entries(r.typedKinds).map(([k, v]) => `${k} ${v}`).join(', ') || '-'}`,
    `  by first mutation: ${Object.entries(r.byMutation).map(([k, v]) => `${k} ${v.ok}/${v.typed}/${v.crash}/${v.hang}`).join(', ')} (ok/typed/crash/hang)`,
  ];
  for (const c of [...r.crashes, ...r.hangs].slice(0, 10)) lines.push(`  ${c.outcome} case ${c.index} ${c.seedName} [${c.mutation}]: ${(c.message ?? '').split('\n')[0]}`);
  return lines;
}

function parseArgs(argv: string[]): FuzzOptions {
  const o: FuzzOptions = { count: 1000, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const v = () => {
      const x = Number(argv[++i]);
      if (!Number.isFinite(x)) throw new Error(`${argv[i - 1]} needs a number`);
      return x;
    };
    if (argv[i] === '--count') o.count = v();
    else if (argv[i] === '--seed') o.seed = v();
    else if (argv[i] === '--time-limit') o.timeLimitMs = v();
    else if (argv[i] === '--max-seed-bytes') o.maxSeedBytes = v();
    else throw new Error(`unknown option '${argv[i]}' (--count N --seed S --time-limit MS --max-seed-bytes B)`);
  }
  return o;
}

if (!isMainThread) void workerMain();
else if (require.main === module) {
  let opts: FuzzOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`fuzz: ${(e as Error).message}`);
    process.exit(2);
  }
  const t0 = performance.now();
  void runFuzz({ ...opts, log: (l) => console.log(l) }).then((r) => {
    for (const l of formatReport(r, opts.seed, (performance.now() - t0) / 1000)) console.log(l);
    process.exitCode = r.crashes.length || r.hangs.length ? 1 : 0;
  });
}

// Lays out one group at a time with elkjs in a Web Worker, caches each result, and cancels by
// terminating the worker (elkjs cannot interrupt a running layout). A flat layout of a 5,000-node
// UNet would take >10 s or overflow the stack, so the graph is only ever laid out per group.
import ELK from 'elkjs/lib/elk-api.js';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { mark } from '../timeline';

export interface LayoutItemInput {
  id: string;
  width: number;
  height: number;
  /**
   * elkjs layer constraint. FIRST/LAST may share that layer with other sources/sinks (or nodes a
   * reversed cycle edge made one); the _SEPARATE forms get a layer of their own (graph inputs/outputs).
   */
  layer?: 'FIRST' | 'LAST' | 'FIRST_SEPARATE' | 'LAST_SEPARATE';
}

export interface LayoutEdgeInput {
  id: string;
  from: string;
  to: string;
}

export interface LaidOutItem {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidOutEdge {
  id: string;
  /** Polyline, start to end, in the group's coordinates. */
  points: Array<{ x: number; y: number }>;
  /** Ids of the items it leaves and reaches (its first and last point lie on their borders). */
  from?: string;
  to?: string;
}

export interface GroupLayoutResult {
  width: number;
  height: number;
  items: Map<string, LaidOutItem>;
  edges: LaidOutEdge[];
}

export class LayoutCancelled extends Error {
  constructor() {
    super('layout cancelled');
  }
}

const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.spacing.nodeNode': '18',
  'elk.layered.spacing.nodeNodeBetweenLayers': '28',
  'elk.layered.spacing.edgeNodeBetweenLayers': '12',
  'elk.padding': '[top=8,left=8,bottom=8,right=8]',
  // Keeps the stack shallow on long chains (see docs/vscode-web-harness.md).
  'elk.separateConnectedComponents': 'false',
  // Fewer crossing-minimisation passes: measured 2-2.5x faster on a 136-node attention block, with
  // layouts that still read well (expanding a group must stay well under a third of a second).
  'elk.layered.thoroughness': '1',
  // Measured on the UNet's groups (Node, warm, medians of 5): the greedy-switch crossing pass and the
  // choice among four Brandes-Koepf alignments cost most of the time once long edges add dummy nodes;
  // without them (one balanced alignment) the root with its graph inputs takes 118 -> 47 ms and the
  // 136-node attention block 124 -> 57 ms, at the same or a slightly smaller drawing size.
  'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
  'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
};

/**
 * The top level merges edges that end at the same item into one route: on the UNet root (graph inputs
 * read by seven blocks, skip connections) the drawing gets 25% narrower, the down/up chain straighter,
 * and the layout faster (Node, warm 112 -> 82 ms; with linear-segment placement 58 ms). Inside groups
 * edges stay apart, so a node's inputs can be told apart.
 */
const OVERVIEW_OPTIONS: Record<string, string> = {
  ...LAYOUT_OPTIONS,
  'elk.layered.mergeEdges': 'true',
  // Keeps long chains (the UNet's down/up path) in one straight column; 2x faster than Brandes-Koepf here.
  'elk.layered.nodePlacement.strategy': 'LINEAR_SEGMENTS',
};

type WorkerFactory = () => Worker;

/** Worker from a script URL that may be cross-origin (webview resources are): fetch it, start it from a blob: URL. */
export function blobWorkerFactory(scriptUrl: string): () => Promise<WorkerFactory> {
  let blobUrl: Promise<string> | undefined;
  return async () => {
    // Same mode as the page's <link rel="preload" as="fetch" crossorigin> so the preloaded response is used.
    blobUrl ??= fetch(scriptUrl, { mode: 'cors', credentials: 'same-origin' })
      .then((r) => {
        if (!r.ok) throw new Error(`layout worker ${scriptUrl}: HTTP ${r.status}`);
        return r.text();
      })
      .then((text) => {
        mark('webview: layout worker fetched');
        return URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
      });
    const url = await blobUrl;
    return () => new Worker(url);
  };
}

export class LayoutEngine {
  private elk: InstanceType<typeof ELK> | undefined;
  private readonly cache: Map<string, GroupLayoutResult>;
  /** Layouts running now, in this engine or a sibling: a request for one of them waits for it. */
  private readonly pending: Map<string, Pending>;
  private generation = 0;
  /** Layout runs since start (for tests and the benchmark). */
  runs = 0;
  cacheHits = 0;
  /** Wall time spent waiting for layouts (includes queueing behind others). */
  layoutMs = 0;

  /** `shared` comes from a sibling (the idle-time prefetcher runs in its own worker). */
  constructor(
    private readonly makeFactory: () => Promise<WorkerFactory>,
    shared?: { cache: Map<string, GroupLayoutResult>; pending: Map<string, Pending>; fresh: Map<string, GroupLayoutResult> },
  ) {
    this.cache = shared?.cache ?? new Map<string, GroupLayoutResult>();
    this.fresh = shared?.fresh ?? new Map<string, GroupLayoutResult>();
    this.pending = shared?.pending ?? new Map<string, Pending>();
  }

  /** A second engine on its own worker that fills the same cache (and whose running layouts the first can wait for). */
  sibling(): LayoutEngine {
    return new LayoutEngine(this.makeFactory, { cache: this.cache, pending: this.pending, fresh: this.fresh });
  }

  private async instance(): Promise<InstanceType<typeof ELK>> {
    if (!this.elk) {
      const factory = await this.makeFactory();
      this.elk = new ELK({ workerFactory: factory });
    }
    return this.elk;
  }

  /**
   * 'start': starts the worker and runs a 3-node layout (elkjs registers its algorithms and options on
   * the first call), so the first real layout does not pay for it. 'jit': a 40-node graph with skips,
   * twice, so the layered pipeline's hot paths are compiled before the first expand; run it after the
   * first paint, since the worker runs one layout at a time and the top level must not queue behind it.
   */
  warm(kind: 'start' | 'jit' = 'start'): Promise<void> {
    if (kind === 'jit') return this.runWarm('jit');
    // Once per worker (a cancelled worker starts again cold).
    this.started ??= this.runWarm('start').then(() => void (this.isWarm = true));
    return this.started;
  }

  private started: Promise<void> | undefined;
  /** The worker has started and finished a layout: its runs are worth waiting for. */
  isWarm = false;

  private async runWarm(kind: 'start' | 'jit'): Promise<void> {
    try {
      const cancelled = this.cancelled.promise; // a worker terminated mid-warm-up never answers
      const elk = await this.instance();
      const n = kind === 'start' ? 3 : 40;
      const children = Array.from({ length: n }, (_, i) => ({ id: `w${i}`, width: 100, height: 30 }));
      const edges = Array.from({ length: n - 1 }, (_, i) => ({ id: `e${i}`, sources: [`w${i}`], targets: [`w${i + 1}`] }));
      for (let i = 0; i + 3 < n; i += 3) edges.push({ id: `s${i}`, sources: [`w${i}`], targets: [`w${i + 3}`] });
      for (let k = 0; k < (kind === 'start' ? 1 : 2); k++) await Promise.race([elk.layout({ id: 'warm', layoutOptions: LAYOUT_OPTIONS, children, edges }), cancelled]);
    } catch {
      // A cancelled or failed warm-up only costs the first layout its startup time.
    }
  }

  /** Layouts computed here (not seeded) since the last drain: the app sends them to the host's cache. */
  private readonly fresh: Map<string, GroupLayoutResult>;

  /** Levels laid out before (the host's cache of an earlier open): the first paint needs no worker. */
  seed(key: string, layout: GroupLayoutResult): void {
    if (!this.cache.has(key)) this.cache.set(key, layout);
  }

  drainFresh(): Array<[string, GroupLayoutResult]> {
    const out = [...this.fresh];
    this.fresh.clear();
    return out;
  }

  cached(key: string): GroupLayoutResult | undefined {
    return this.cache.get(key);
  }

  private inFlight = 0;
  private oldestStart = 0;

  get busy(): boolean {
    return this.inFlight > 0;
  }

  /**
   * Cancels what is running if it has run longer than `olderThanMs` (a restarted worker pays its
   * startup again, ~1 s, so short layouts are better left to finish and be cached).
   */
  cancelSlow(olderThanMs: number): boolean {
    if (this.inFlight > 0 && performance.now() - this.oldestStart > olderThanMs) {
      this.cancelAll();
      return true;
    }
    return false;
  }

  /**
   * Rejected (with LayoutCancelled) by cancelAll: a terminated worker never answers, so every run races
   * its layout against this, or its promise (and anyone waiting on it through `pending`) would hang.
   */
  private cancelled = this.newCancellation();

  private newCancellation(): { promise: Promise<never>; reject: (e: Error) => void } {
    let reject!: (e: Error) => void;
    const promise = new Promise<never>((_, rej) => (reject = rej));
    promise.catch(() => undefined); // nobody may be racing it when it fires
    return { promise, reject };
  }

  /** Stops every running layout now: pending promises reject with LayoutCancelled. The worker is only terminated (and restarted on demand) when something is running. */
  cancelAll(): void {
    this.generation++;
    this.cancelled.reject(new LayoutCancelled());
    this.cancelled = this.newCancellation();
    if (this.elk && this.inFlight > 0) {
      this.inFlight = 0;
      this.elk.terminateWorker();
      this.elk = undefined;
      this.started = undefined;
      this.isWarm = false;
    }
  }

  /** `overview`: the graph's top level, where fan-outs (an input read by every block) share their route. */
  async layout(key: string, items: LayoutItemInput[], edges: LayoutEdgeInput[], overview = false): Promise<GroupLayoutResult> {
    const hit = this.cache.get(key);
    if (hit) {
      this.cacheHits++;
      return hit;
    }
    const running = this.pending.get(key);
    // The prefetcher is on it: its worker is part way through, ours would start from zero. Unless that
    // worker is still starting up (then its "run" is mostly its start-up).
    if (running && running.owner !== this && running.owner.isWarm) {
      const t0 = performance.now();
      const r = await running.promise.catch(() => undefined);
      this.layoutMs += performance.now() - t0;
      if (r) return r;
    }
    const p = this.run(key, items, edges, overview);
    const entry = { promise: p, owner: this };
    this.pending.set(key, entry);
    try {
      return await p;
    } finally {
      if (this.pending.get(key) === entry) this.pending.delete(key);
    }
  }

  private async run(key: string, items: LayoutItemInput[], edges: LayoutEdgeInput[], overview: boolean): Promise<GroupLayoutResult> {
    const gen = this.generation;
    const cancelled = this.cancelled.promise;
    const elk = await this.instance();
    const graph: ElkNode = {
      id: 'root',
      layoutOptions: overview ? OVERVIEW_OPTIONS : LAYOUT_OPTIONS,
      children: items.map((i) => ({
        id: i.id, width: i.width, height: i.height,
        ...(i.layer ? { layoutOptions: { 'elk.layered.layering.layerConstraint': i.layer } } : {}),
      })),
      edges: edges.map((e) => ({ id: e.id, sources: [e.from], targets: [e.to] })),
    };
    let out: ElkNode;
    if (this.inFlight++ === 0) this.oldestStart = performance.now();
    const t0 = performance.now();
    try {
      out = await Promise.race([elk.layout(graph), cancelled]);
    } catch (err) {
      if (gen !== this.generation) throw new LayoutCancelled();
      throw err;
    } finally {
      if (gen === this.generation) this.inFlight--;
    }
    if (gen !== this.generation) throw new LayoutCancelled();
    this.runs++;
    this.isWarm = true;
    this.layoutMs += performance.now() - t0;
    const result: GroupLayoutResult = { width: out.width ?? 0, height: out.height ?? 0, items: new Map(), edges: [] };
    for (const c of out.children ?? []) {
      result.items.set(c.id, { id: c.id, x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 });
    }
    for (const e of out.edges ?? []) {
      const s = (e as { sections?: Array<{ startPoint: Pt; endPoint: Pt; bendPoints?: Pt[] }> }).sections?.[0];
      if (!s) continue;
      result.edges.push({ id: e.id, points: [s.startPoint, ...(s.bendPoints ?? []), s.endPoint], from: e.sources[0], to: e.targets[0] });
    }
    this.cache.set(key, result);
    this.fresh.set(key, result);
    return result;
  }
}

type Pt = { x: number; y: number };

interface Pending {
  promise: Promise<GroupLayoutResult>;
  owner: LayoutEngine;
}

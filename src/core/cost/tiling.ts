// Tile search for one group: enumerate tilings of its loop nest, each with the SRAM it needs (working set) and the DDR
// bytes it moves per operand. The engine then picks, for the SRAM actually free at that layer and the operands that are
// resident, the feasible tiling with the lowest latency, then the least DDR traffic. Compute cycles do not depend on the
// tile (utilisation comes from array fit of the layer dims), so "lowest latency" = "least DDR bytes" (ties: least SRAM).
import type { Group, Loop, MacTerm, Slot } from './lower';
import type { TileInfo } from './types';
import type { Dataflow } from './hardware';

export interface TilingWidths {
  /** Bytes per element. */
  a: number;
  w: number;
  acc: number;
  /** 2 when streamed tiles are double-buffered, else 1. */
  f: number;
  /** Line buffers: full-width row strips keep their halo rows on chip instead of re-reading them (lineBuffers). */
  lb?: boolean;
  /** DDR burst length in bytes (ddrBurstBytes); 0 or absent = transfers cost their bytes exactly. */
  burst?: number;
}

/**
 * DDR bytes actually moved per byte wanted when a transfer is made of contiguous runs of `run` bytes: each run costs
 * whole bursts, ceil(run / burst) x burst (a tile row shorter than a burst wastes the rest of it). 1 when off.
 */
export function burstFactor(run: number, burst: number | undefined): number {
  if (!burst || burst <= 0 || run <= 0) return 1;
  return (Math.ceil(run / burst) * burst) / run;
}

/** All candidate tilings of a group, flattened into typed arrays (a UNet has ~1,000 groups x ~1,000 candidates). */
export interface Candidates {
  count: number;
  nSlots: number;
  /** SRAM always needed (weight tiles, accumulators), bytes. */
  fixedWs: Float64Array;
  /** DDR bytes for weights and other constants (never resident: they stream). */
  weightTraffic: Float64Array;
  /** Per candidate x slot: SRAM buffer when the slot's tensor is not resident, and DDR bytes it then moves. */
  slotTile: Float64Array;
  slotTraffic: Float64Array;
  /** Number of tiles each candidate runs as. */
  tileCount: Float64Array;
  /** Decoding a candidate for the report. */
  describe(i: number): TileInfo;
  /** Smallest working set that reaches the least DDR traffic possible with nothing resident (the residency reserve). */
  idealWs: number;
  /** Bytes that tiling moves through the SRAM port (every operand, weights included): the SRAM-port traffic figure. */
  idealTraffic: number;
}

/** Tile sizes to try for a dim of extent n: powers of two below n (from `min`), and n itself. */
export function tileChoices(n: number, min = 1): number[] {
  const out: number[] = [];
  for (let t = min; t < n; t *= 2) out.push(t);
  out.push(n);
  return out;
}

interface Raw {
  fixedWs: number;
  weightTraffic: number;
  /** Output tile as a fraction of the head's output (for outputs and epilogue inputs). */
  tileFrac: number;
  main: Record<'input' | 'input2' | 'input3', [tile: number, traffic: number]>;
  dims: Record<string, number>;
  count: number;
  refetchIn: number;
  refetchW: number;
}

function convCandidates(l: Extract<Loop, { type: 'conv' }>, b: TilingWidths, push: (r: Raw) => void): void {
  const ocg = l.oc / l.groups;
  const W = l.oc * l.icg * l.kh * l.kw * b.w;
  // up: a nearest-neighbour upsample folded into the input addressing (resizeFolding) reads the small tensor.
  const up = l.up ?? 1;
  const inBytes = (l.groups * l.n * l.icg * l.ih * l.iw * b.a) / (up * up);
  for (const th of tileChoices(l.oh)) {
    for (const tw of l.ow > 8 ? [l.ow, Math.ceil(l.ow / 4)] : [l.ow]) {
      const nH = Math.ceil(l.oh / th);
      const nW = Math.ceil(l.ow / tw);
      const nS = l.n * nH * nW;
      const inH = Math.min(l.ih, (th - 1) * l.sh + (l.kh - 1) * l.dh + 1);
      const inW = Math.min(l.iw, (tw - 1) * l.sw + (l.kw - 1) * l.dw + 1);
      // One pass over the whole input, tile by tile, halo rows/cols included — unless full-width row strips keep the
      // (kh - 1) halo rows of every input channel in a line buffer, so each input row is read once.
      const halo = (l.kh - 1) * l.dh;
      const lineBuf = b.lb === true && nW === 1 && nH > 1 && halo > 0;
      const inPass = lineBuf ? inBytes : Math.max(inBytes, l.groups * l.n * l.icg * nH * Math.ceil(inH / up) * nW * Math.ceil(inW / up) * b.a);
      const lineBufBytes = lineBuf ? Math.ceil(halo / up) * Math.ceil(l.iw / up) * l.icg * b.a : 0;
      // NCHW: a full-width tile is one contiguous run per channel (new rows only with line buffers), else one per row.
      const inRun = nW === 1 ? Math.ceil((lineBuf ? Math.min(l.ih, th * l.sh) : inH) / up) * Math.ceil(l.iw / up) * b.a : Math.ceil(inW / up) * b.a;
      const inBurst = burstFactor(inRun, b.burst);
      for (const toc of tileChoices(ocg, Math.min(8, ocg))) {
        for (const tic of l.icg > 64 ? [l.icg, Math.ceil(l.icg / 4), Math.ceil(l.icg / 16)] : [l.icg]) {
          const nOCg = Math.ceil(ocg / toc); // output-channel tiles per group
          const nIC = Math.ceil(l.icg / tic);
          const inTile = tic * Math.ceil(inH / up) * Math.ceil(inW / up) * b.a;
          const wTile = toc * tic * l.kh * l.kw * b.w;
          // OIHW: all input channels of a filter are contiguous, so a tile with every input channel is one run.
          const wBurst = burstFactor(tic === l.icg ? wTile : tic * l.kh * l.kw * b.w, b.burst);
          // An operand that is a single tile is loaded once and stays: nothing to double-buffer.
          const fW = nOCg * l.groups * nIC === 1 ? 1 : b.f;
          const fIn = nS * nIC === 1 ? 1 : b.f;
          const psum = toc * th * tw * b.acc;
          const tileFrac = Math.min(1, (toc * th * tw) / (ocg * l.oh * l.ow));
          const count = nS * nOCg * l.groups * nIC;
          // Order A: output-channel tiles outer (weights stay while the image streams past); B: spatial tiles outer.
          const orders: Array<[number, number, string]> = [
            [nOCg, nIC === 1 ? 1 : nS, 'oc-outer'],
            [nIC === 1 ? 1 : nOCg, nOCg === 1 && nIC === 1 && l.groups === 1 ? 1 : nS, 'spatial-outer'],
          ];
          for (const [rIn, rW] of orders) {
            push({
              fixedWs: fW * wTile + psum + lineBufBytes, weightTraffic: W * rW * wBurst, tileFrac,
              main: { input: [fIn * inTile, inPass * rIn * inBurst], input2: [0, 0], input3: [0, 0] },
              dims: { n: 1, oh: th, ow: tw, oc: toc, ic: tic }, count, refetchIn: (inPass * rIn) / Math.max(1, inBytes), refetchW: rW,
            });
          }
        }
      }
    }
  }
}

function gemmCandidates(l: Extract<Loop, { type: 'gemm' }>, b: TilingWidths, push: (r: Raw) => void): void {
  const bw = l.bIsWeight ? b.w : b.a;
  const A = l.batch * l.m * l.k * b.a;
  const B = (l.bIsWeight ? 1 : l.batch) * l.k * l.n * bw;
  for (const tm of tileChoices(l.m)) {
    for (const tn of tileChoices(l.n, Math.min(8, l.n))) {
      for (const tk of l.k > 64 ? [l.k, Math.ceil(l.k / 4), Math.ceil(l.k / 16)] : [l.k]) {
        const nM = Math.ceil(l.m / tm);
        const nN = Math.ceil(l.n / tn);
        const nK = Math.ceil(l.k / tk);
        const aTile = tm * tk * b.a;
        const bTile = tk * tn * bw;
        // Row-major A (M x K) and B (K x N): a tile spanning every column is one run, else one run per row.
        const aBurst = burstFactor(tk === l.k ? aTile : tk * b.a, b.burst);
        const bBurst = burstFactor(tn === l.n ? bTile : tn * bw, b.burst);
        // An operand that is a single tile is loaded once and stays: nothing to double-buffer.
        const fA = nM * nK === 1 ? 1 : b.f;
        const fB = nN * nK === 1 ? 1 : b.f;
        const psum = tm * tn * b.acc;
        const tileFrac = Math.min(1, (tm * tn) / (l.m * l.n));
        const count = l.batch * nM * nN * nK;
        const orders: Array<[number, number]> = [
          [nN, nK === 1 ? 1 : nM],
          [nK === 1 ? 1 : nN, nN === 1 && nK === 1 ? 1 : nM],
        ];
        for (const [rA, rB] of orders) {
          const main: Raw['main'] = { input: [fA * aTile, A * rA * aBurst], input2: [0, 0], input3: [0, 0] };
          let fixedWs = psum;
          let weightTraffic = 0;
          if (l.bIsWeight) {
            fixedWs += fB * bTile;
            weightTraffic = B * rB * bBurst;
          } else main.input2 = [fB * bTile, B * rB * bBurst];
          push({ fixedWs, weightTraffic, tileFrac, main, dims: { m: tm, n: tn, k: tk }, count, refetchIn: rA, refetchW: rB });
        }
      }
    }
  }
}

function attentionCandidates(l: Extract<Loop, { type: 'attention' }>, b: TilingWidths, push: (r: Raw) => void): void {
  const Q = l.bh * l.sq * l.d * b.a;
  const K = l.bh * l.sk * l.d * b.a;
  const V = l.bh * l.sk * l.dv * b.a;
  for (const tq of tileChoices(l.sq)) {
    for (const tk of tileChoices(l.sk, Math.min(16, l.sk))) {
      const nQ = Math.ceil(l.sq / tq);
      const whole = tk === l.sk; // K and V of a head stay in SRAM while every query tile passes
      const rKV = whole ? 1 : nQ;
      const kvBuf = whole ? 1 : b.f;
      // Scores tile and output accumulator at accumulator width; running max/sum per query row.
      const fixedWs = tq * tk * b.acc + tq * l.dv * b.acc + 2 * tq * b.acc;
      push({
        fixedWs, weightTraffic: 0, tileFrac: tq / l.sq,
        main: { input: [b.f * tq * l.d * b.a, Q], input2: [kvBuf * tk * l.d * b.a, K * rKV], input3: [kvBuf * tk * l.dv * b.a, V * rKV] },
        dims: { bh: 1, q: tq, kv: tk }, count: l.bh * nQ * Math.ceil(l.sk / tk), refetchIn: 1, refetchW: rKV,
      });
    }
  }
}

const MAX_DIMS = 5;
const STRIP = 2048; // elements per streamed vector strip

function vectorCandidates(l: Extract<Loop, { type: 'vector' }>, b: TilingWidths, push: (r: Raw) => void): void {
  const e = Math.max(1, l.elems);
  const strip = Math.min(e, STRIP);
  // Streaming in strips: a reduction whose slab is longer than a strip reads its input twice (statistics, then normalise).
  const passes = l.slab > strip ? 2 : 1;
  push({ fixedWs: 0, weightTraffic: 0, tileFrac: strip / e, main: { input: [b.f * strip * b.a, passes], input2: [b.f * strip * b.a, 1], input3: [0, 0] }, dims: { strip }, count: Math.ceil(e / strip), refetchIn: passes, refetchW: 1 });
  if (l.slab > strip) {
    const slab = Math.min(e, l.slab);
    // Whole slab in SRAM: statistics and normalisation from one read (single-buffered: it must all be there).
    push({ fixedWs: 0, weightTraffic: 0, tileFrac: strip / e, main: { input: [slab * b.a, 1], input2: [b.f * strip * b.a, 1], input3: [0, 0] }, dims: { strip, slab }, count: Math.ceil(e / strip), refetchIn: 1, refetchW: 1 });
  }
}

/** Enumerates candidates for a group under the given widths. Vector slots carry a pass multiplier, resolved here. */
export function buildCandidates(g: Group, b: TilingWidths): Candidates {
  // Flatten each candidate as it is made: keeping ~100k small objects alive per UNet costs more in GC than the search.
  const flat: number[] = []; // per candidate: fixedWs, weightTraffic, tileFrac, in tile/traffic x3, count, refetchIn, refetchW
  const dimVals: number[] = [];
  const dimNames: string[][] = [];
  const nameSets = new Map<string, string[]>();
  const push = (r: Raw) => {
    flat.push(r.fixedWs, r.weightTraffic, r.tileFrac, r.main.input[0], r.main.input[1], r.main.input2[0], r.main.input2[1], r.main.input3[0], r.main.input3[1], r.count, r.refetchIn, r.refetchW);
    const names = Object.keys(r.dims);
    const key = names.join(',');
    let shared = nameSets.get(key);
    if (!shared) nameSets.set(key, (shared = names));
    dimNames.push(shared);
    for (let d = 0; d < MAX_DIMS; d++) dimVals.push(d < names.length ? r.dims[names[d]] : 0);
  };
  const l = g.loop;
  if (l.type === 'conv') convCandidates(l, b, push);
  else if (l.type === 'gemm') gemmCandidates(l, b, push);
  else if (l.type === 'attention') attentionCandidates(l, b, push);
  else vectorCandidates(l, b, push);
  const F = 12;
  const nSlots = g.slots.length;
  const count = dimNames.length;
  const fixedWs = new Float64Array(count);
  const tileCount = new Float64Array(count);
  const weightTraffic = new Float64Array(count);
  const slotTile = new Float64Array(count * nSlots);
  const slotTraffic = new Float64Array(count * nSlots);
  const constBytes = g.constElems * b.w + (l.type === 'vector' ? g.weightElems * b.w : 0);
  const mainOf = (o: number, role: Slot['role']): [number, number] =>
    role === 'input' ? [flat[o + 3], flat[o + 4]] : role === 'input2' ? [flat[o + 5], flat[o + 6]] : [flat[o + 7], flat[o + 8]];
  for (let i = 0; i < count; i++) {
    const o = i * F;
    fixedWs[i] = flat[o];
    weightTraffic[i] = flat[o + 1] + constBytes;
    tileCount[i] = flat[o + 9];
    const tileFrac = flat[o + 2];
    for (let s = 0; s < nSlots; s++) {
      const slot = g.slots[s];
      let tile: number;
      let traffic: number;
      if (slot.role === 'output' || slot.role === 'extra') {
        tile = b.f * b.a * Math.min(slot.elements, Math.ceil(slot.elements * tileFrac));
        traffic = slot.elements * b.a;
      } else if (l.type === 'vector') {
        // vector main inputs: tile from the strip, traffic = elements x passes
        const [t, passes] = mainOf(o, slot.role);
        tile = l.elems > 0 ? Math.min(t, b.f * b.a * slot.elements) : 0;
        traffic = slot.elements * b.a * (slot.role === 'input' ? passes : 1);
      } else [tile, traffic] = mainOf(o, slot.role);
      slotTile[i * nSlots + s] = tile;
      slotTraffic[i * nSlots + s] = traffic;
    }
  }
  // Ideal working set: the smallest one among those that move the least DDR bytes with nothing resident.
  let bestDdr = Infinity;
  let idealWs = 0;
  for (let i = 0; i < count; i++) {
    let ws = fixedWs[i];
    let ddr = weightTraffic[i];
    for (let s = 0; s < nSlots; s++) {
      ws += slotTile[i * nSlots + s];
      ddr += slotTraffic[i * nSlots + s];
    }
    if (ddr < bestDdr - 1e-6 || (Math.abs(ddr - bestDdr) <= 1e-6 && ws < idealWs)) {
      bestDdr = ddr;
      idealWs = ws;
    }
  }
  const idealTraffic = Number.isFinite(bestDdr) ? bestDdr : 0;
  // Drop candidates another one beats (or equals) on every count, whatever is resident: the choice is unchanged and the
  // per-config scan (what sweeps repeat) gets ~5x shorter.
  const keep = paretoFront(count, nSlots, fixedWs, weightTraffic, tileCount, slotTile, slotTraffic);
  const pick = (a: Float64Array, stride: number) => {
    const out = new Float64Array(keep.length * stride);
    keep.forEach((i, k) => out.set(a.subarray(i * stride, i * stride + stride), k * stride));
    return out;
  };
  return {
    count: keep.length, nSlots, fixedWs: pick(fixedWs, 1), weightTraffic: pick(weightTraffic, 1), slotTile: pick(slotTile, nSlots),
    slotTraffic: pick(slotTraffic, nSlots), idealWs, idealTraffic, tileCount: pick(tileCount, 1),
    describe(k: number): TileInfo {
      const i = keep[k];
      const dims: Record<string, number> = {};
      dimNames[i].forEach((n, d) => (dims[n] = dimVals[i * MAX_DIMS + d]));
      return { dims, count: flat[i * F + 9], refetch: { input: round2(flat[i * F + 10]), weight: round2(flat[i * F + 11]), output: 1 } };
    },
  };
}

/** Indices of the candidates not dominated (<= on working set parts, traffic parts and tile count) by an earlier kept one. */
function paretoFront(count: number, ns: number, fixedWs: Float64Array, wt: Float64Array, tiles: Float64Array, slotTile: Float64Array, slotTraffic: Float64Array): number[] {
  const D = 3 + 2 * ns;
  const v = new Float64Array(count * D);
  const sum = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const o = i * D;
    v[o] = fixedWs[i];
    v[o + 1] = wt[i];
    v[o + 2] = tiles[i];
    for (let s = 0; s < ns; s++) {
      v[o + 3 + s] = slotTile[i * ns + s];
      v[o + 3 + ns + s] = slotTraffic[i * ns + s];
    }
    let t = 0;
    for (let d = 0; d < D; d++) t += v[o + d];
    sum[i] = t;
  }
  const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => sum[a] - sum[b] || a - b);
  const kept: number[] = [];
  for (const i of order) {
    const oi = i * D;
    let dominated = false;
    for (const j of kept) {
      const oj = j * D;
      let d = 0;
      while (d < D && v[oj + d] <= v[oi + d]) d++;
      if (d === D) {
        dominated = true;
        break;
      }
    }
    if (!dominated) kept.push(i);
  }
  return kept.sort((a, b) => a - b);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Fraction of an array axis of `a` lanes that a loop dim of extent d keeps busy. */
function axisFit(d: number, a: number): number {
  return d <= 0 ? 0 : d / (Math.ceil(d / a) * a);
}

/** Loop-dim pairs (indices into [k, n, m]) each dataflow puts on the array's (rows, cols), both orientations. */
const DATAFLOW_PAIRS: Record<Dataflow, Array<[number, number]>> = {
  weightStationary: [[0, 1], [1, 0]], // reduction x output channels
  outputStationary: [[2, 1], [1, 2]], // output positions x output channels
  inputStationary: [[0, 2], [2, 0]], // reduction x output positions
};

/**
 * Array-fit utilisation of a MAC term: the mapper puts two of (reduction k, output channels n, output positions m) on the
 * rows x cols array, whichever pair of a supported dataflow keeps most MACs busy.
 */
export function arrayFit(t: MacTerm, rows: number, cols: number, dataflows: readonly Dataflow[] = ALL_DATAFLOWS): number {
  const d = [t.k, t.n, t.m];
  let best = 0;
  for (const f of dataflows) for (const [i, j] of DATAFLOW_PAIRS[f]) best = Math.max(best, axisFit(d[i], rows) * axisFit(d[j], cols));
  return best;
}

const ALL_DATAFLOWS: Dataflow[] = ['weightStationary', 'outputStationary', 'inputStationary'];

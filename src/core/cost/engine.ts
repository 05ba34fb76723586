// The cost engine: lowering + tiling + residency -> one LayerCost per ONNX node.
// prepareGraph does everything that does not depend on the hardware (lowering, shapes, liveness), and caches per-width
// tile candidates and residency thresholds, so costing many configurations of one graph (sweeps) is cheap.
import type { Model } from '../model/graph';
import type { InferredTensor, ShapeResult } from '../shapes/types';
import type { HardwareConfig } from './hardware';
import { describeHardware } from './hardware';
import { lowerGraph, type Lowering, type ShapeLookup } from './lower';
import { numericShape } from './macs';
import { planResidency, type ResidencyPlan } from './residency';
import { arrayFit, buildCandidates, type Candidates } from './tiling';
import type { Bound, LayerCost, ModelCost } from './types';
import { formatBytes, mb } from './units';

interface WidthCache {
  cands: Candidates[];
  ideal: Float64Array;
  plan: ResidencyPlan;
}

export interface PreparedGraph {
  model: Model;
  /** Display name for reports (file path or stage name). */
  name: string;
  shapes: ShapeLookup;
  /** Lowering per attention mode, built on first use. */
  lowering(mode: 'flash' | 'materialized'): Lowering;
  /** @internal tile candidates and residency thresholds per (mode, widths). */
  cache: Map<string, WidthCache>;
}

export interface CostOptions {
  /** Name for the report (defaults to the prepared graph's). */
  name?: string;
}

export function prepareGraph(model: Model, shapes: ShapeResult | Map<string, InferredTensor>, name?: string): PreparedGraph {
  const src = shapes instanceof Map ? shapes : shapes.tensors;
  const lookup: ShapeLookup = { shape: (n) => numericShape(src, n), tensor: (n) => src.get(n) };
  const lowerings = new Map<string, Lowering>();
  return {
    model,
    name: name ?? model.source?.path ?? model.graph.name,
    shapes: lookup,
    lowering(mode) {
      let l = lowerings.get(mode);
      if (!l) lowerings.set(mode, (l = lowerGraph(model, lookup, mode)));
      return l;
    },
    cache: new Map(),
  };
}

function widthCache(prep: PreparedGraph, hw: HardwareConfig): { low: Lowering; wc: WidthCache } {
  const low = prep.lowering(hw.attention);
  const b = { a: hw.activationBits / 8, w: hw.weightBits / 8, acc: hw.accumulatorBits / 8, f: hw.doubleBuffering ? 2 : 1 };
  const key = `${hw.attention}|${b.a}|${b.w}|${b.acc}|${b.f}`;
  let wc = prep.cache.get(key);
  if (!wc) {
    const cands = low.groups.map((g) => buildCandidates(g, b));
    const ideal = Float64Array.from(cands, (c) => c.idealWs);
    wc = { cands, ideal, plan: planResidency(low, b.a, ideal) };
    prep.cache.set(key, wc);
  }
  return { low, wc };
}

export function costModel(model: Model, shapes: ShapeResult | Map<string, InferredTensor>, hw: HardwareConfig): ModelCost {
  return costPrepared(prepareGraph(model, shapes), hw);
}

export function costPrepared(prep: PreparedGraph, hw: HardwareConfig, opts: CostOptions = {}): ModelCost {
  const { low, wc } = widthCache(prep, hw);
  const { groups, tensors } = low;
  const a = hw.activationBits / 8;
  const wBytes = hw.weightBits / 8;
  const S = hw.sramBytes;
  const P = groups.length;
  const warnings = [...low.warnings];

  // Resident tensors and the SRAM they hold at each layer position.
  const resident = new Uint8Array(tensors.length);
  const diff = new Float64Array(P + 1);
  for (const t of tensors) {
    if (wc.plan.threshold[t.id] <= S) {
      resident[t.id] = 1;
      const bytes = t.elements * a;
      diff[t.start] += bytes;
      diff[t.end + 1] -= bytes;
    }
  }
  const residentLive = new Float64Array(P);
  for (let p = 0, run = 0; p < P; p++) residentLive[p] = run += diff[p];

  const ddrCyclesPerByte = hw.clockHz / (hw.ddrBytesPerS * hw.ddrEfficiency);
  const layers: LayerCost[] = low.layers.map((l) => ({
    nodeIndex: l.nodeIndex, name: l.name, opType: l.opType, kind: l.cls === 'free' ? 'free' : 'fused', macCount: l.macs, macClass: l.macClass,
    weightBytes: l.weightElems * wBytes, sramUsageBytes: 0, ddrReadBytes: { input: 0, weight: 0, total: 0 }, ddrWriteBytes: 0,
    computeCycles: 0, dramAccessCycles: 0, overheadCycles: 0, opCycles: 0, latencyMs: 0, utilization: 0, bound: 'none' as Bound,
    spill: false, spillReason: '',
  }));

  const nr = new Float64Array(64);
  for (let p = 0; p < P; p++) {
    const g = groups[p];
    const c = wc.cands[p];
    const free = S - residentLive[p];
    const ns = g.slots.length;
    const nonRes = ns <= nr.length ? nr : new Float64Array(ns);
    for (let s = 0; s < ns; s++) {
      let f = 0;
      for (const r of g.slots[s].roots) {
        const t = tensors[r.tensor];
        // A resident graph input is still loaded from DDR once, by its first consumer.
        const inSram = resident[r.tensor] === 1 && !(t.producer < 0 && p === t.start);
        if (!inSram) f += r.frac;
      }
      nonRes[s] = f;
    }
    // Least DDR traffic among tilings that fit (= lowest latency, compute being tile-independent); ties: fewest tiles
    // (less per-tile control and pipeline fill, not modelled otherwise), then least SRAM.
    let best = -1;
    let bestDdr = Infinity;
    let bestWs = Infinity;
    let bestCount = Infinity;
    let minWs = Infinity;
    let minWsIdx = 0;
    let minWsDdr = Infinity;
    for (let i = 0; i < c.count; i++) {
      let ws = c.fixedWs[i];
      let ddr = c.weightTraffic[i];
      const o = i * ns;
      for (let s = 0; s < ns; s++) {
        ws += c.slotTile[o + s] * nonRes[s];
        ddr += c.slotTraffic[o + s] * nonRes[s];
      }
      if (ws <= free) {
        const n = c.tileCount[i];
        if (ddr < bestDdr - 1e-6 || (ddr <= bestDdr + 1e-6 && (n < bestCount || (n === bestCount && ws < bestWs)))) {
          best = i;
          bestDdr = ddr;
          bestWs = ws;
          bestCount = n;
        }
      }
      if (ws < minWs - 1e-6 || (ws <= minWs + 1e-6 && ddr < minWsDdr)) {
        minWs = ws;
        minWsIdx = i;
        minWsDdr = ddr;
      }
    }
    const head = layers[g.head];
    if (best < 0) {
      best = minWsIdx;
      bestDdr = minWsDdr;
      bestWs = minWs;
      if (c.count > 0) warnings.push(`${head.name}: smallest tiling needs ${mb(minWs)} but only ${mb(Math.max(0, free))} SRAM is free; costed as if it fitted`);
    }
    // Split the chosen tiling's traffic by operand.
    let inRead = 0;
    let outWrite = 0;
    let sramTraffic = 0;
    const o = best * ns;
    for (let s = 0; s < ns; s++) {
      const tr = c.count ? c.slotTraffic[o + s] : 0;
      sramTraffic += tr;
      if (g.slots[s].role === 'output') outWrite += tr * nonRes[s];
      else inRead += tr * nonRes[s];
    }
    const wRead = c.count ? c.weightTraffic[best] : 0;
    let macCycles = 0;
    for (const t of g.macTerms) if (t.macs > 0) macCycles += t.macs / (hw.macs * arrayFit(t, hw.array.rows, hw.array.cols));
    const vecCycles = g.vectorOps / hw.vectorOpsPerCycle;
    // Fused epilogues run on the vector unit alongside the MAC array (pipelined), so they overlap.
    const compute = Math.ceil(Math.max(macCycles, vecCycles));
    const dram = Math.ceil((inRead + wRead + outWrite) * ddrCyclesPerByte);
    const overhead = hw.layerOverheadCycles;
    const op = Math.max(compute, dram) + overhead;
    head.kind = g.kind === 'vector' ? 'vector' : 'mac';
    head.tile = c.count ? c.describe(best) : undefined;
    head.sramUsageBytes = Math.round(residentLive[p] + (Number.isFinite(bestWs) ? bestWs : 0));
    head.ddrReadBytes = { input: Math.round(inRead), weight: Math.round(wRead), total: Math.round(inRead + wRead) };
    head.ddrWriteBytes = Math.round(outWrite);
    head.computeCycles = compute;
    head.dramAccessCycles = dram;
    head.overheadCycles = overhead;
    head.opCycles = op;
    head.latencyMs = (op / hw.clockHz) * 1e3;
    head.utilization = op > 0 ? g.macs / (hw.macs * op) : 0;
    head.bound = op === 0 ? 'none' : overhead > Math.max(compute, dram) ? 'overhead' : compute >= dram ? 'compute' : 'memory';
    head.energyPj = g.macs * hw.energy.pjPerMac + (sramTraffic + wRead) * hw.energy.pjPerSramByte + (inRead + wRead + outWrite) * hw.energy.pjPerDdrByte;
    // Spill: an output that is not kept in SRAM goes to DDR and comes back for its consumer.
    let worst = -1;
    for (const sl of g.slots) {
      if (sl.role !== 'output') continue;
      const t = tensors[sl.roots[0].tensor];
      if (t.graphOutput || resident[t.id] || t.consumers.length === 0 || t.elements === 0) continue;
      if (worst < 0 || t.elements > tensors[worst].elements) worst = t.id;
    }
    if (worst >= 0) {
      head.spill = true;
      head.spillReason = spillReason(worst, low, wc, a, S, layers);
    }
    for (const m of g.members) if (m !== g.head) layers[m].fusedInto = g.head;
  }

  const totals: ModelCost['totals'] = {
    latencyMs: 0, macCount: 0, macByClass: { conv: 0, linear: 0, attention: 0, other: 0 }, weightBytes: 0, ddrReadBytes: 0,
    ddrWriteBytes: 0, spillCount: 0, computeCycles: 0, opCycles: 0, energyMj: 0,
  };
  for (const l of layers) {
    totals.latencyMs += l.latencyMs;
    totals.macCount += l.macCount;
    if (l.macClass !== 'none') totals.macByClass[l.macClass] += l.macCount;
    totals.weightBytes += l.weightBytes;
    totals.ddrReadBytes += l.ddrReadBytes.total;
    totals.ddrWriteBytes += l.ddrWriteBytes;
    totals.spillCount += l.spill ? 1 : 0;
    totals.computeCycles += l.computeCycles;
    totals.opCycles += l.opCycles;
    totals.energyMj! += (l.energyPj ?? 0) * 1e-9;
  }
  return { model: opts.name ?? prep.name, hardware: `${hw.name} (${describeHardware(hw)})`, layers, totals, warnings };
}

function spillReason(t: number, low: Lowering, wc: WidthCache, a: number, S: number, layers: LayerCost[]): string {
  const rec = low.tensors[t];
  const bytes = rec.elements * a;
  if (bytes > S) return `output ${mb(bytes)} > ${mb(S)} SRAM: written to DDR, read back by ${consumerText(rec.consumers.length)}`;
  const p = wc.plan.bindPos[t];
  if (p < 0) return `output ${mb(bytes)} not kept in SRAM`;
  const occ = wc.plan.bindOcc[t];
  const n = wc.plan.bindCount[t];
  const ws = wc.ideal[p];
  const free = Math.max(0, S - occ - ws);
  const at = layers[low.groups[p].head].name;
  // How many of the tensors standing in the way live long (skip connections): they are what a person can act on.
  let longLived = 0;
  for (const u of low.tensors) {
    const smaller = u.elements < rec.elements || (u.elements === rec.elements && u.id < rec.id);
    if (smaller && u.start <= p && p <= u.end && Number.isFinite(wc.plan.threshold[u.id]) && u.end - u.start >= LONG_LIVED) longLived++;
  }
  const skipText = longLived > 0 ? `, ${longLived} long-lived` : '';
  const [x, y] = bytes < 10e6 && mb(bytes) === mb(free) ? [mb2(bytes), mb2(free)] : [mb(bytes), mb(free)];
  return `output ${x} > ${y} free SRAM at ${at} while ${n} smaller live tensor${n === 1 ? '' : 's'} (${mb(occ)}${skipText}) and its tiles (${mb(ws)}) are held`;
}

/** Layers a tensor must outlive to count as long-lived (a skip connection) in spill reasons. */
const LONG_LIVED = 16;

function mb2(bytes: number): string {
  return formatBytes(bytes, { digits: 4 });
}

function consumerText(n: number): string {
  return n === 1 ? '1 consumer' : `${n} consumers`;
}

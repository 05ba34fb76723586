// The cost engine: lowering + tiling + residency -> one LayerCost per ONNX node.
// prepareGraph does everything that does not depend on the hardware (lowering, shapes, liveness), and caches per-width
// tile candidates and residency thresholds, so costing many configurations of one graph (sweeps) is cheap.
//
// Per configuration, costPrepared runs three steps over the groups in execution order:
//   1. layers     : residency from the thresholds, the least-DDR tiling that fits, compute / DDR / SRAM-port cycles;
//   2. prefetch   : (weightPrefetch) the DMA idle time of compute-bound layers loads later layers' weights into the
//                   SRAM left free, which shortens those layers' DDR time (Vela's weight prebuffering, across layers);
//   3. spills     : which outputs go to DDR, why, and the spill advisor (SRAM that keeps each resident, what it saves).
import type { Graph, Model, Node } from '../model/graph';
import { nodeLabel } from '../model/graph';
import type { InferredTensor, ShapeResult } from '../shapes/types';
import { resolveHardware, type HardwareConfig, type ResolvedHardware } from './hardware';
import { describeHardware } from './hardware';
import { lowerGraph, type Group, type Lowering, type LoweringOptions, type ShapeLookup, type VectorWork } from './lower';
import { numericShape } from './macs';
import { planResidency, type ResidencyPlan } from './residency';
import { arrayFit, buildCandidates, type Candidates, type TilingWidths } from './tiling';
import type { LayerCost, ModelCost, UncostedLayer } from './types';
import { formatBytes, mb } from './units';

interface WidthCache {
  cands: Candidates[];
  ideal: Float64Array;
  plan: ResidencyPlan;
  /** Weight bytes per element of each layer (node), from its MAC class's width and the compression ratio. */
  layerW: Float64Array;
}

export interface PreparedGraph {
  model: Model;
  /** Display name for reports (file path or stage name). */
  name: string;
  shapes: ShapeLookup;
  /** Lowering per (attention mode, norm fusion, batch), built on first use. */
  lowering(options: LoweringOptions | 'flash' | 'materialized'): Lowering;
  /** @internal tile candidates and residency thresholds per (lowering, widths). */
  cache: Map<string, WidthCache>;
  /** @internal the shape map (body tensors included: names are global in ONNX) and prepared If/Loop/Scan bodies. */
  tensors?: Map<string, InferredTensor>;
  bodies?: Map<Graph, PreparedGraph>;
}

export interface CostOptions {
  /** Name for the report (defaults to the prepared graph's). */
  name?: string;
  /** Batch the graph runs at: every activation's leading dim x batch, weights shared (classifier-free guidance = 2). Default 1. */
  batch?: number;
  /** Fill the spill advisor fields (sramToAvoidSpillBytes, ddrBytesSavedIfResident, msSavedIfResident). Default true. */
  advisor?: boolean;
}

export function prepareGraph(model: Model, shapes: ShapeResult | Map<string, InferredTensor>, name?: string): PreparedGraph {
  const src = shapes instanceof Map ? shapes : shapes.tensors;
  const lookup: ShapeLookup = { shape: (n) => numericShape(src, n), tensor: (n) => src.get(n) };
  const lowerings = new Map<string, Lowering>();
  return {
    model,
    name: name ?? model.source?.path ?? model.graph.name,
    shapes: lookup,
    lowering(options) {
      const o: LoweringOptions = typeof options === 'string' ? { attention: options, normFusion: false } : options;
      const key = `${o.attention}|${o.normFusion}|${o.batch ?? 1}|${o.resizeFolding ?? false}|${o.shortcutFusion ?? false}`;
      let l = lowerings.get(key);
      if (!l) lowerings.set(key, (l = lowerGraph(model, lookup, o)));
      return l;
    },
    cache: new Map(),
    tensors: src,
    bodies: new Map(),
  };
}

/** Weight bytes per element for a MAC class under the config (per-class width, compression). */
function weightBytesFor(hw: ResolvedHardware, macClass: string): number {
  const bits = (hw.weightBitsByClass as Record<string, number | undefined>)[macClass] ?? hw.weightBits;
  return (bits / 8) * hw.weightCompression;
}

function widthCache(prep: PreparedGraph, hw: ResolvedHardware, batch: number): { low: Lowering; wc: WidthCache } {
  const low = prep.lowering({ attention: hw.attention, normFusion: hw.normFusion, batch, resizeFolding: hw.resizeFolding, shortcutFusion: hw.shortcutFusion });
  const b: TilingWidths = { a: hw.activationBits / 8, w: hw.weightBits / 8, acc: hw.accumulatorBits / 8, f: hw.doubleBuffering ? 2 : 1, lb: hw.lineBuffers, burst: hw.ddrBurstBytes };
  const key = `${hw.attention}|${hw.normFusion}|${hw.resizeFolding}|${hw.shortcutFusion}|${hw.lineBuffers}|${hw.ddrBurstBytes}|${batch}|${b.a}|${b.w}|${b.acc}|${b.f}|${hw.weightCompression}|${JSON.stringify(hw.weightBitsByClass)}`;
  let wc = prep.cache.get(key);
  if (!wc) {
    const layerW = Float64Array.from(low.layers, (l) => weightBytesFor(hw, l.macClass));
    const cands = low.groups.map((g) => buildCandidates(g, { ...b, w: layerW[g.head] }));
    const ideal = Float64Array.from(cands, (c) => c.idealWs);
    wc = { cands, ideal, plan: planResidency(low, b.a, ideal), layerW };
    prep.cache.set(key, wc);
  }
  return { low, wc };
}

export function costModel(model: Model, shapes: ShapeResult | Map<string, InferredTensor>, hw: HardwareConfig): ModelCost {
  return costPrepared(prepareGraph(model, shapes), hw);
}

/**
 * Cycles per element of each Vela cost class on Ethos-U55-256 (8 elementwise units): Vela architecture_features.py
 * output_cycles_per_elem (advanced Add/Sub 0.75, Mul 0.375, MaxPool 0.125, other 8-bit output 0.25) and
 * activation_cycles_per_elem (LUT activations: Sigmoid, Tanh, exp 1.0; ReLU-class 0.25). Vela's U55-32..256 tables
 * scale as 1 / elementwise units, so other vector widths scale by 8 / vectorOpsPerCycle.
 */
export const VELA_U55_256_CYCLES_PER_ELEM: VectorWork = { add: 0.75, mul: 0.375, maxpool: 0.125, other: 0.25, lut: 1.0, relu: 0.25 };

function vectorCycles(g: Group, hw: ResolvedHardware): number {
  if (hw.vectorCosts === 'uniform') return g.vectorOps / hw.vectorOpsPerCycle;
  const scale = 8 / hw.vectorOpsPerCycle;
  let c = 0;
  for (const k of Object.keys(g.vectorWork) as Array<keyof VectorWork>) c += g.vectorWork[k] * VELA_U55_256_CYCLES_PER_ELEM[k] * scale;
  return c;
}

/** Per group, what step 1 decided (kept for the prefetch and advisor steps). */
interface GroupRun {
  best: Int32Array;
  ws: Float64Array;
  compute: Float64Array;
  dramBytes: Float64Array;
  readBytes: Float64Array;
  sramCycles: Float64Array;
  /** Unique weight bytes a prefetch may load ahead (the layer's weights once, at most its weight traffic). */
  prefetchable: Float64Array;
  hasRead: Uint8Array;
  hasWrite: Uint8Array;
  nonRes: Float64Array[];
}

export function costPrepared(prep: PreparedGraph, hwIn: HardwareConfig, opts: CostOptions = {}): ModelCost {
  const hw = resolveHardware(hwIn);
  const batch = Math.max(1, Math.round(opts.batch ?? 1));
  const { low, wc } = widthCache(prep, hw, batch);
  const { groups, tensors } = low;
  const a = hw.activationBits / 8;
  const shared = hw.memoryMode === 'Shared_Sram';
  const S = hw.sramBytes;
  const P = groups.length;
  const warnings = [...low.warnings];
  if (batch > 1) warnings.push(`costed at batch ${batch}: every activation's leading dim x ${batch}, weights streamed once`);

  // Resident tensors and the SRAM they hold at each layer position. Shared_Sram: every activation lives in the arena.
  const resident = new Uint8Array(tensors.length);
  const diff = new Float64Array(P + 1);
  for (const t of tensors) {
    if (shared || wc.plan.threshold[t.id] <= S) {
      resident[t.id] = 1;
      const bytes = t.elements * a;
      diff[t.start] += bytes;
      diff[t.end + 1] -= bytes;
    }
  }
  const residentLive = new Float64Array(P);
  for (let p = 0, run = 0; p < P; p++) residentLive[p] = run += diff[p];
  // Bytes of every live tensor, resident or not (independent of the SRAM size: bounds the prefetch buffer monotonically).
  const allDiff = new Float64Array(P + 1);
  for (const t of tensors) {
    allDiff[t.start] += t.elements * a;
    allDiff[t.end + 1] -= t.elements * a;
  }
  const allLive = new Float64Array(P);
  for (let p = 0, run = 0; p < P; p++) allLive[p] = run += allDiff[p];

  const ddrCyclesPerByte = hw.clockHz / (hw.ddrBytesPerS * hw.ddrEfficiency);
  const sramCyclesPerByte = hw.sramBytesPerS > 0 ? hw.clockHz / hw.sramBytesPerS : 0;
  const layers: LayerCost[] = low.layers.map((l) => ({
    nodeIndex: l.nodeIndex, name: l.name, opType: l.opType, kind: l.cls === 'free' ? 'free' : 'fused', macCount: l.macs, macClass: l.macClass,
    weightBytes: l.weightElems * wc.layerW[l.nodeIndex], sramUsageBytes: 0, ddrReadBytes: { input: 0, weight: 0, total: 0 }, ddrWriteBytes: 0,
    computeCycles: 0, dramAccessCycles: 0, overheadCycles: 0, opCycles: 0, latencyMs: 0, utilization: 0, bound: 'none',
    spill: false, spillReason: '',
  }));

  const run: GroupRun = {
    best: new Int32Array(P), ws: new Float64Array(P), compute: new Float64Array(P), dramBytes: new Float64Array(P), readBytes: new Float64Array(P),
    sramCycles: new Float64Array(P), prefetchable: new Float64Array(P), hasRead: new Uint8Array(P), hasWrite: new Uint8Array(P), nonRes: new Array<Float64Array>(P),
  };
  const vecCyc = new Float64Array(P);
  let arenaPeak = 0;
  /** The least-DDR tiling of group p that fits in `free` bytes; fills its run entry and its head layer. */
  const chooseTile = (p: number, free: number, quiet = false): void => {
    const g = groups[p];
    const c = wc.cands[p];
    const ns = g.slots.length;
    const nonRes = run.nonRes[p];
    const head = layers[g.head];
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
    if (best < 0) {
      best = minWsIdx;
      bestDdr = minWsDdr;
      bestWs = minWs;
      if (c.count > 0 && !quiet) warnings.push(`${head.name}: smallest tiling needs ${mb(minWs)} but only ${mb(Math.max(0, free))} SRAM is free; costed as if it fitted`);
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
    for (const t of g.macTerms) if (t.macs > 0) macCycles += t.macs / (hw.macs * arrayFit(t, hw.array.rows, hw.array.cols, hw.dataflows));
    const vecCycles = vectorCycles(g, hw);
    vecCyc[p] = vecCycles;
    // Fused epilogues run on the vector unit alongside the MAC array (pipelined), so they overlap.
    const compute = Math.ceil(Math.max(macCycles, vecCycles));
    // Every operand passes the SRAM port once per fetch. Dedicated_Sram: weights too, counted for the least-traffic tiling
    // (independent of the SRAM size, so a finite port never makes more SRAM slower); Shared_Sram: weights come from flash.
    const sramPort = shared ? sramTraffic : c.idealTraffic;
    run.best[p] = best;
    run.ws[p] = Number.isFinite(bestWs) ? bestWs : 0;
    run.compute[p] = compute;
    run.dramBytes[p] = inRead + wRead + outWrite;
    run.readBytes[p] = inRead + wRead;
    run.sramCycles[p] = Math.ceil(sramPort * sramCyclesPerByte);
    run.hasRead[p] = inRead + wRead > 0 ? 1 : 0;
    run.hasWrite[p] = outWrite > 0 ? 1 : 0;
    run.prefetchable[p] = Math.min(wRead, g.weightElems * wc.layerW[g.head]);
    head.kind = g.kind === 'vector' ? 'vector' : 'mac';
    head.tile = c.count ? c.describe(best) : undefined;
    head.sramUsageBytes = Math.round(residentLive[p] + run.ws[p]);
    arenaPeak = Math.max(arenaPeak, head.sramUsageBytes);
    head.ddrReadBytes = { input: Math.round(inRead), weight: Math.round(wRead), total: Math.round(inRead + wRead) };
    head.ddrWriteBytes = Math.round(outWrite);
    head.energyPj = g.macs * hw.energy.pjPerMac + (sramTraffic + wRead) * hw.energy.pjPerSramByte + (inRead + wRead + outWrite) * hw.energy.pjPerDdrByte;
  };
  for (let p = 0; p < P; p++) {
    const g = groups[p];
    const free = shared ? Infinity : S - residentLive[p];
    const ns = g.slots.length;
    const nonRes = new Float64Array(ns);
    for (let s = 0; s < ns; s++) {
      let f = 0;
      for (const r of g.slots[s].roots) {
        const t = tensors[r.tensor];
        // A resident graph input is still loaded from DDR once, by its first consumer (Dedicated_Sram).
        const inSram = resident[r.tensor] === 1 && (shared || !(t.producer < 0 && p === t.start));
        if (!inSram) f += r.frac;
      }
      nonRes[s] = f;
    }
    run.nonRes[p] = nonRes;
    chooseTile(p, free);
    for (const m of g.members) if (m !== g.head) layers[m].fusedInto = g.head;
  }
  if (shared && arenaPeak > S) warnings.push(`Shared_Sram: the arena needs ${mb(arenaPeak)} at its peak but the SRAM is ${mb(S)}: the model does not fit`);

  // Step 2: cross-layer weight prefetch; layers holding prefetched weights re-choose their tiling in the SRAM left.
  const plan = hw.weightPrefetch && !shared ? planPrefetch(run, P, S, allLive, wc.ideal, ddrCyclesPerByte, hw) : undefined;
  const prefetched = plan?.pf ?? new Float64Array(P);
  if (plan) for (let p = 0; p < P; p++) if (plan.held[p] > 0 && run.ws[p] > S - residentLive[p] - plan.held[p]) chooseTile(p, S - residentLive[p] - plan.held[p], true);
  for (let p = 0; p < P; p++) {
    const g = groups[p];
    const head = layers[g.head];
    // The DMA time of weights this layer loads for later ones is charged to it (planned within its idle time).
    const dram = dramCycles(run, p, prefetched[p], ddrCyclesPerByte, hw, 0, plan?.issued[p] ?? 0);
    const compute = run.compute[p];
    const overhead = hw.layerOverheadCycles;
    const op = Math.max(compute, dram, run.sramCycles[p]) + overhead;
    head.computeCycles = compute;
    head.dramAccessCycles = dram;
    head.overheadCycles = overhead;
    head.opCycles = op;
    head.latencyMs = (op / hw.clockHz) * 1e3;
    if (g.kind === 'vector') {
      head.utilizationKind = 'vector';
      head.utilization = op > 0 ? Math.min(1, vecCyc[p] / op) : 0;
    } else {
      head.utilizationKind = 'mac';
      head.utilization = op > 0 ? g.macs / (hw.macs * op) : 0;
    }
    head.bound = op === 0 ? 'none' : overhead > Math.max(compute, dram, run.sramCycles[p]) ? 'overhead' : compute >= Math.max(dram, run.sramCycles[p]) ? 'compute' : 'memory';
    if (plan && plan.held[p] > 0) head.sramUsageBytes = Math.round(head.sramUsageBytes + plan.held[p]);
    if (prefetched[p] > 0) head.prefetchedWeightBytes = Math.round(prefetched[p]);
    if (run.sramCycles[p] > 0) head.sramAccessCycles = run.sramCycles[p];
  }

  // Step 3: spills and the advisor.
  if (!shared) markSpills(low, wc, run, layers, resident, a, S, ddrCyclesPerByte, prefetched, hw, opts.advisor ?? true);

  const uncostedLayers: UncostedLayer[] = low.layers.filter((l) => l.uncosted).map((l) => ({ nodeIndex: l.nodeIndex, name: l.name, opType: l.opType, reason: l.uncosted! }));
  for (const l of low.layers) if (l.controlFlow) costBodies(prep, prep.model.graph.nodes[l.nodeIndex], layers[l.nodeIndex], hw, batch, warnings, uncostedLayers);
  const totals: ModelCost['totals'] = {
    latencyMs: 0, macCount: 0, macByClass: { conv: 0, linear: 0, attention: 0, other: 0 }, weightBytes: 0, ddrReadBytes: 0,
    ddrWriteBytes: 0, spillCount: 0, computeCycles: 0, opCycles: 0, energyMj: 0,
    layerCount: low.layers.filter((l) => l.cls !== 'free').length, uncostedCount: uncostedLayers.length,
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
  if (uncostedLayers.length) warnings.unshift(`${uncostedLayers.length} of ${totals.layerCount} layers not costed (shapes unknown or op unsupported): totals exclude them`);
  return { model: opts.name ?? prep.name, hardware: `${hw.name} (${describeHardware(hw)})`, layers, totals, warnings, uncostedLayers };
}

/**
 * If/Loop/Scan: the bodies are costed as graphs of their own (same hardware, shapes from the main inference) and added to
 * the node's line. If: the branch the constant (or bound) condition selects, else the more expensive one, said in a
 * warning. Loop: body x trip count (input M, a constant or bound value); Scan: body x the scan axis length; unknown
 * counts cost the body once, with a warning.
 */
function costBodies(prep: PreparedGraph, node: Node, layer: LayerCost, hw: ResolvedHardware, batch: number, warnings: string[], uncosted: UncostedLayer[]): void {
  const graphs = Object.entries(node.attributes).filter(([, a]) => a.type === 'graph').map(([k, a]) => [k, (a as { value: Graph }).value] as const);
  if (!graphs.length || !prep.tensors) {
    uncosted.push({ nodeIndex: layer.nodeIndex, name: layer.name, opType: layer.opType, reason: `${node.opType} body not costed` });
    return;
  }
  const costOf = (g: Graph): ModelCost => {
    let bp = prep.bodies!.get(g);
    if (!bp) prep.bodies!.set(g, (bp = prepareGraph({ ...prep.model, graph: g }, prep.tensors!, `${prep.name}/${nodeLabel(node)}`)));
    return costPrepared(bp, hw, { batch, advisor: false });
  };
  const value = (t: string | undefined) => (t ? prep.tensors!.get(t)?.value : undefined);
  let body: ModelCost;
  let times = 1;
  if (node.opType === 'If') {
    const cond = value(node.inputs[0]);
    const branches = Object.fromEntries(graphs.map(([k, g]) => [k, costOf(g)]));
    const then = branches.then_branch;
    const other = branches.else_branch;
    if (cond !== undefined && then && other) body = Number(cond[0]) ? then : other;
    else {
      body = [then, other].filter(Boolean).sort((a, b) => b.totals.latencyMs - a.totals.latencyMs)[0]!;
      warnings.push(`${layer.name}: If condition unknown: costed as its more expensive branch`);
    }
  } else {
    body = costOf(graphs[0][1]);
    let trips: number | undefined;
    if (node.opType === 'Loop') {
      const m = value(node.inputs[0]);
      trips = m !== undefined ? Number(m[0]) : undefined;
    } else if (node.opType === 'Scan') {
      const nState = node.inputs.length - (Number((node.attributes.num_scan_inputs as { value?: number } | undefined)?.value ?? 0));
      const first = prep.shapes.shape(node.inputs[nState] ?? '');
      const axes = node.attributes.scan_input_axes;
      const ax = axes && axes.type === 'ints' ? Number(axes.value[0]) : 0;
      trips = first ? first[(ax + first.length) % first.length] : undefined;
    }
    if (trips === undefined || !Number.isFinite(trips) || trips < 0) warnings.push(`${layer.name}: ${node.opType} trip count unknown: body costed once`);
    else times = trips;
  }
  const t = body.totals;
  layer.kind = t.macCount > 0 ? 'mac' : 'vector';
  layer.macCount += t.macCount * times;
  layer.weightBytes += t.weightBytes;
  layer.ddrReadBytes = { input: layer.ddrReadBytes.input + (t.ddrReadBytes * times), weight: layer.ddrReadBytes.weight, total: layer.ddrReadBytes.total + t.ddrReadBytes * times };
  layer.ddrWriteBytes += t.ddrWriteBytes * times;
  layer.computeCycles += t.computeCycles * times;
  layer.opCycles += t.opCycles * times;
  layer.latencyMs += t.latencyMs * times;
  layer.energyPj = (layer.energyPj ?? 0) + (t.energyMj ?? 0) * 1e9 * times;
  layer.bound = layer.opCycles > 0 ? (body.layers.reduce((s, l) => s + (l.bound === 'compute' ? l.opCycles : 0), 0) * 2 >= t.opCycles ? 'compute' : 'memory') : layer.bound;
  layer.utilizationKind = 'mac';
  layer.utilization = layer.opCycles > 0 ? layer.macCount / (hw.macs * layer.opCycles) : 0;
  if (t.macCount > 0 && layer.macClass === 'none') layer.macClass = 'other';
  for (const u of body.uncostedLayers ?? []) uncosted.push({ ...u, nodeIndex: layer.nodeIndex, name: `${layer.name} > ${u.name}` });
}

/** DDR cycles of a group: bytes at the effective bandwidth, less what was prefetched, plus the first-access latencies. */
function dramCycles(run: GroupRun, p: number, prefetched: number, cpb: number, hw: ResolvedHardware, drop = 0, issued = 0): number {
  const bytes = Math.max(0, run.dramBytes[p] - prefetched - drop);
  const reads = run.readBytes[p] - prefetched - (drop > 0 ? Math.min(drop, run.readBytes[p]) : 0);
  const lat = (run.hasRead[p] === 1 && reads > 0 ? hw.ddrReadLatencyCycles : 0) + (run.hasWrite[p] === 1 && bytes > Math.max(0, reads) ? hw.ddrWriteLatencyCycles : 0);
  return bytes + issued > 0 ? Math.ceil((bytes + issued) * cpb) + (bytes > 0 ? lat : 0) : 0;
}

/** Lookahead of the weight prefetch, in layers (Vela prebuffers the next op; a deeper window lets slack travel further). */
const PREFETCH_WINDOW = 64;

/**
 * Cross-layer weight prefetch. A layer's DMA is idle for (its time - its own DDR time): that slack may load weights of
 * later layers into SRAM left free until they run. Only a layer's deficit is prefetched — the weight bytes that keep it
 * memory-bound, beyond max(compute, SRAM port) — so each prefetched byte shortens the total by exactly one DDR byte
 * time. Each layer in turn takes its deficit from the nearest earlier slack (Vela prebuffers the next op's weights; the
 * window lets slack travel further), bounded by the room left at every layer it is held across. The DMA time of
 * prefetches is charged to the layer that issues them (never beyond its slack). Returns bytes prefetched per layer and
 * bytes held in SRAM per layer.
 */
function planPrefetch(run: GroupRun, P: number, S: number, allLive: Float64Array, ideal: Float64Array, cpb: number, hw: ResolvedHardware): { pf: Float64Array; held: Float64Array; issued: Float64Array } {
  const pf = new Float64Array(P);
  const held = new Float64Array(P);
  const issued = new Float64Array(P);
  const cap = new Float64Array(P);
  const slack = new Float64Array(P); // bytes of idle DMA time left at each layer
  // Room for prefetched weights at layer r: what is left beside every live tensor (resident or not) and the layer's
  // ideal working set. It only grows with the SRAM; a layer whose chosen tiling needs more re-chooses in what is left.
  for (let r = 0; r < P; r++) cap[r] = Math.max(0, S - allLive[r] - ideal[r]);
  for (let q = 0; q < P; q++) {
    const floor = Math.max(run.compute[q], run.sramCycles[q]);
    let deficit = Math.min(run.prefetchable[q], (dramCycles(run, q, 0, cpb, hw) - floor) / cpb);
    let room = Infinity;
    for (let p = q - 1; p >= 0 && p >= q - PREFETCH_WINDOW && deficit > 0; p--) {
      room = Math.min(room, cap[p] - held[p]);
      if (room <= 0) break;
      const x = Math.min(deficit, slack[p], room);
      if (x <= 0) continue;
      slack[p] -= x;
      issued[p] += x;
      deficit -= x;
      room -= x;
      pf[q] += x;
      for (let r = p; r < q; r++) held[r] += x;
    }
    const d = dramCycles(run, q, pf[q], cpb, hw);
    slack[q] = Math.max(0, Math.max(floor, d) - d) / cpb;
  }
  return { pf, held, issued };
}

/** Spill flags and reasons, and the spill advisor, for every group whose output leaves SRAM. */
function markSpills(low: Lowering, wc: WidthCache, run: GroupRun, layers: LayerCost[], resident: Uint8Array, a: number, S: number, cpb: number, prefetched: Float64Array, hw: ResolvedHardware, advisor: boolean): void {
  const { groups, tensors } = low;
  for (let p = 0; p < groups.length; p++) {
    const g = groups[p];
    const head = layers[g.head];
    const spilled: number[] = [];
    let worst = -1;
    for (const sl of g.slots) {
      if (sl.role !== 'output') continue;
      const t = tensors[sl.roots[0].tensor];
      if (t.graphOutput || resident[t.id] || t.consumers.length === 0 || t.elements === 0) continue;
      spilled.push(t.id);
      if (worst < 0 || t.elements > tensors[worst].elements) worst = t.id;
    }
    if (worst < 0) continue;
    head.spill = true;
    head.spillReason = spillReason(worst, low, wc, a, S, layers);
    if (!advisor) continue;
    // Exact under the residency rule: a tensor is resident iff its threshold <= SRAM, everything else equal.
    head.sramToAvoidSpillBytes = Math.ceil(Math.max(...spilled.map((t) => wc.plan.threshold[t])));
    head.spillKind = spilled.some((t) => tensors[t].elements * a > S) ? 'capacity' : 'pressure';
    const saved = savedIfResident(spilled, low, wc, run, cpb, prefetched, hw);
    head.ddrBytesSavedIfResident = Math.round(saved.bytes);
    head.msSavedIfResident = (saved.cycles / hw.clockHz) * 1e3;
  }
}

/** DDR bytes and cycles the given tensors cost at their producer and consumers with the chosen tilings. */
function savedIfResident(ts: number[], low: Lowering, wc: WidthCache, run: GroupRun, cpb: number, prefetched: Float64Array, hw: ResolvedHardware): { bytes: number; cycles: number } {
  const perGroup = new Map<number, number>();
  const set = new Set(ts);
  for (const id of ts) {
    const t = low.tensors[id];
    for (const p of new Set([t.producer, ...t.consumers])) {
      if (p < 0 || perGroup.has(p)) continue;
      const g = low.groups[p];
      const c = wc.cands[p];
      if (!c.count) continue;
      let bytes = 0;
      g.slots.forEach((sl, s) => {
        const tr = c.slotTraffic[run.best[p] * g.slots.length + s];
        for (const r of sl.roots) if (set.has(r.tensor)) bytes += tr * r.frac;
      });
      perGroup.set(p, bytes);
    }
  }
  let bytes = 0;
  let cycles = 0;
  for (const [p, b] of perGroup) {
    bytes += b;
    const before = Math.max(run.compute[p], dramCycles(run, p, prefetched[p], cpb, hw), run.sramCycles[p]);
    const after = Math.max(run.compute[p], dramCycles(run, p, prefetched[p], cpb, hw, b), run.sramCycles[p]);
    cycles += Math.max(0, before - after);
  }
  return { bytes, cycles };
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

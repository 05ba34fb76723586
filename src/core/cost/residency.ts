// Which activations stay in SRAM from producer to last consumer, decided by a liveness scan.
//
// Rule (chosen so that more SRAM can never make anything worse): tensors are considered smallest first. A tensor t is
// resident when, at every layer of its lifetime,
//     bytes(t) + (bytes of every smaller tensor live there, resident or not) + (that layer's ideal tile working set) <= SRAM.
// The left side does not depend on the SRAM size, so it is computed once per graph and width ("threshold"); a tensor is
// resident iff threshold <= SRAM. Hence the resident set only grows with SRAM, and every layer keeps at least the SRAM its
// least-traffic tiling needs whenever anything is resident during it — so neither latency nor DDR bytes can rise with SRAM.
import type { Lowering } from './lower';

export interface ResidencyPlan {
  /** Per tensor: SRAM size at and above which it is resident (Infinity = never: graph outputs, unconsumed). */
  threshold: Float64Array;
  /** Per tensor: the layer position that decides the threshold, and what stood there. */
  bindPos: Int32Array;
  bindOcc: Float64Array;
  bindCount: Int32Array;
}

export function planResidency(low: Lowering, bytesPerElem: number, idealWs: Float64Array): ResidencyPlan {
  const T = low.tensors.length;
  const P = low.groups.length;
  const threshold = new Float64Array(T).fill(Infinity);
  const bindPos = new Int32Array(T).fill(-1);
  const bindOcc = new Float64Array(T);
  const bindCount = new Int32Array(T);
  const occ = new Float64Array(P);
  const cnt = new Int32Array(P);
  const order = low.tensors
    .filter((t) => !t.graphOutput && t.consumers.length > 0 && t.elements > 0)
    .sort((x, y) => x.elements - y.elements || x.id - y.id);
  for (const t of order) {
    const bytes = t.elements * bytesPerElem;
    let worst = -Infinity;
    let at = t.start;
    for (let p = t.start; p <= t.end; p++) {
      const v = occ[p] + idealWs[p];
      if (v > worst) {
        worst = v;
        at = p;
      }
    }
    threshold[t.id] = bytes + worst;
    bindPos[t.id] = at;
    bindOcc[t.id] = occ[at];
    bindCount[t.id] = cnt[at];
    for (let p = t.start; p <= t.end; p++) {
      occ[p] += bytes;
      cnt[p]++;
    }
  }
  return { threshold, bindPos, bindOcc, bindCount };
}

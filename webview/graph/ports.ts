// Where edges cross an expanded group's border. Every group is laid out on its own, so an edge from
// outside ends at the group's top border and, without help, nothing inside shows where it goes. Each
// group's own layout therefore gets small port items: one in-port per outside source (a node or a
// graph input; first layer) joined to the inside items that read it, and one out-port per inside
// producer read outside (last layer). When the group is open, the parent's edge is carried along the
// border to the port and the port's own edges continue it inside, so a skip connection or the
// timestep embedding can be followed into the block. Pure: unit-tested in Node.
import type { CompactGraph } from '../../src/core/view/protocol';
import { itemInGroup, type AggregatedEdge, type Hierarchy, type ItemKey } from '../../src/core/view/hierarchy';

export const PORT_SIZE = 8;

export interface InPort {
  key: ItemKey;
  /** The outside node, or graph input, the port stands for. */
  sourceNode?: number;
  sourceInput?: number;
  tensor: string;
}

export interface OutPort {
  key: ItemKey;
  /** The inside node whose outputs are read outside the group. */
  producer: number;
  /** Outside nodes reading them, and graph outputs among them. */
  consumers: Set<number>;
  outputs: Set<number>;
  tensor: string;
}

export interface GroupPorts {
  inPorts: InPort[];
  outPorts: OutPort[];
  /** Port -> inside item and inside item -> port, merged per pair like groupEdges. */
  edges: AggregatedEdge[];
}

export const isPortKey = (key: string): boolean => key.startsWith('p:') || key.startsWith('q:');

export function nodeInGroup(h: Hierarchy, node: number, gid: string): boolean {
  const ng = h.nodeGroup[node];
  return gid === '' || ng === gid || ng.startsWith(`${gid}/`);
}

/** Ports of a (non-root) group. `consumersOfInput[k]` / `producerOfOutput[k]`: graph I/O readers and writers. */
export function groupPorts(
  graph: CompactGraph, h: Hierarchy, gid: string,
  consumersOfInput: number[][], producerOfOutput: Array<number | undefined>,
): GroupPorts {
  const inPorts = new Map<ItemKey, InPort>();
  const outPorts = new Map<number, OutPort>();
  const merged = new Map<string, AggregatedEdge>();
  const edge = (from: ItemKey, to: ItemKey, tensor: string) => {
    const k = `${from}\u0000${to}`;
    const m = merged.get(k);
    if (m) m.count++;
    else merged.set(k, { from, to, count: 1, tensor });
  };
  const inPort = (key: ItemKey, tensor: string, src: Pick<InPort, 'sourceNode' | 'sourceInput'>): ItemKey => {
    if (!inPorts.has(key)) inPorts.set(key, { key, tensor, ...src });
    return key;
  };
  const outPort = (producer: number, tensor: string): OutPort => {
    let p = outPorts.get(producer);
    if (!p) outPorts.set(producer, (p = { key: `q:${producer}`, producer, consumers: new Set(), outputs: new Set(), tensor }));
    return p;
  };
  const inside = (n: number) => nodeInGroup(h, n, gid);
  for (const e of graph.edges) {
    if (h.hidden[e.from] || h.hidden[e.to]) continue;
    const a = inside(e.from);
    const b = inside(e.to);
    if (a === b) continue;
    if (b) edge(inPort(`p:n${e.from}`, e.tensor, { sourceNode: e.from }), itemInGroup(h, gid, e.to)!, e.tensor);
    else {
      const p = outPort(e.from, e.tensor);
      if (!p.consumers.has(e.to)) edge(itemInGroup(h, gid, e.from)!, p.key, e.tensor);
      p.consumers.add(e.to);
    }
  }
  consumersOfInput.forEach((nodes, k) => {
    for (const n of nodes) if (!h.hidden[n] && inside(n)) edge(inPort(`p:i${k}`, graph.inputs[k].name, { sourceInput: k }), itemInGroup(h, gid, n)!, graph.inputs[k].name);
  });
  producerOfOutput.forEach((n, k) => {
    if (n === undefined || h.hidden[n] || !inside(n)) return;
    const p = outPort(n, graph.outputs[k].name);
    if (p.consumers.size === 0 && p.outputs.size === 0) edge(itemInGroup(h, gid, n)!, p.key, graph.outputs[k].name);
    p.outputs.add(k);
  });
  return { inPorts: [...inPorts.values()], outPorts: [...outPorts.values()], edges: [...merged.values()] };
}

/** Does the item `from` (at the level holding the group) feed this in-port? */
export function feedsInPort(h: Hierarchy, from: ItemKey, port: InPort): boolean {
  if (port.sourceInput !== undefined) return from === `i:${port.sourceInput}` || from === `p:i${port.sourceInput}`;
  const u = port.sourceNode!;
  if (from.startsWith('n:')) return Number(from.slice(2)) === u;
  if (from.startsWith('p:n')) return Number(from.slice(3)) === u;
  if (from.startsWith('g:')) return nodeInGroup(h, u, from.slice(2));
  return false;
}

/** Does the item `to` (at the level holding the group) read what leaves through this out-port? */
export function readsOutPort(h: Hierarchy, to: ItemKey, port: OutPort): boolean {
  if (to.startsWith('n:')) return port.consumers.has(Number(to.slice(2)));
  if (to.startsWith('q:')) return Number(to.slice(2)) === port.producer;
  if (to.startsWith('o:')) return port.outputs.has(Number(to.slice(2)));
  if (to.startsWith('g:')) {
    const gid = to.slice(2);
    for (const v of port.consumers) if (nodeInGroup(h, v, gid)) return true;
  }
  return false;
}

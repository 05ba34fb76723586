// Hover card for a node, a group or a graph input/output. Every value (names and shapes come from the model file) goes in
// with textContent: a stranger's node called `<img onerror=…>` shows up as that text, nothing runs.
import type { CompactGraph, ViewNodeCost } from '../src/core/view/protocol';
import type { Group, GroupTotals } from '../src/core/view/hierarchy';
import { formatBytes, formatCount, formatMs, formatPercent } from '../src/core/view/format';
import type { GraphIo } from './graph/scene';

export type CardRow = [label: string, value: string];

export interface CardContent {
  /** Small line above the title ("Graph input"), if any. */
  kind?: string;
  title: string;
  rows: CardRow[];
  spill: string;
  /** A layer the card points at (a fused layer's head): shown as a button that reveals it. */
  link?: { label: string; nodeIndex: number };
}

/** How many reading nodes a graph input's card names before "…and N more". */
const IO_NAMES = 5;

/** "float16 [2,4,64,64]" -> dtype and shape; types without a trailing shape ("sequence<…>", "? (why)") keep it all as dtype. */
export function splitType(type: string): { dtype: string; shape: string } {
  const m = /^(.*\S)\s+(\[[^\]]*\])$/.exec(type);
  return m ? { dtype: m[1], shape: m[2] } : { dtype: type, shape: '—' };
}

export function ioCardRows(graph: CompactGraph, kind: 'input' | 'output', k: number, io: GraphIo): CardContent {
  const t = kind === 'input' ? graph.inputs[k] : graph.outputs[k];
  const { dtype, shape } = splitType(t.type);
  const rows: CardRow[] = [['dtype', dtype], ['shape', shape]];
  const nodeName = (i: number) => `${graph.nodes[i].name} (${graph.nodes[i].opType})`;
  if (kind === 'input') {
    const readers = io.consumers[k];
    rows.push(['consumers', String(readers.length)]);
    readers.slice(0, IO_NAMES).forEach((i) => rows.push(['', nodeName(i)]));
    if (readers.length > IO_NAMES) rows.push(['', `…and ${readers.length - IO_NAMES} more`]);
  } else {
    const p = io.producers[k];
    const passthrough = graph.inputs.some((x) => x.name === t.name);
    rows.push(['producer', p !== undefined ? nodeName(p) : passthrough ? 'none: a graph input passed through' : 'none (no node computes it)']);
  }
  return { kind: kind === 'input' ? 'Graph input' : 'Graph output', title: t.name, rows, spill: '' };
}

/** "fits at 12.7 MB; saves 10.5 MB of DDR traffic, 0.48 ms" from the engine's spill advisor, '' when it said nothing. */
export function spillAdvice(c: ViewNodeCost): string {
  const parts: string[] = [];
  if (c.sramToAvoidSpillBytes !== undefined) parts.push(`fits at ${formatBytes(c.sramToAvoidSpillBytes)}`);
  const saves: string[] = [];
  if (c.ddrBytesSavedIfResident !== undefined) saves.push(`${formatBytes(c.ddrBytesSavedIfResident)} of DDR traffic`);
  if (c.msSavedIfResident !== undefined) saves.push(formatMs(c.msSavedIfResident));
  if (saves.length) parts.push(`saves ${saves.join(', ')}`);
  return parts.join('; ');
}

export function nodeCardRows(graph: CompactGraph, i: number, c: ViewNodeCost | undefined): CardContent {
  const n = graph.nodes[i];
  const rows: CardRow[] = [['op', n.opType]];
  n.inputs.forEach((t, k) => rows.push([k === 0 ? 'inputs' : '', `${t.name}: ${t.type}`]));
  n.outputs.forEach((t, k) => rows.push([k === 0 ? 'outputs' : '', `${t.name}: ${t.type}`]));
  if (c) {
    rows.push(
      ['latency', `${formatMs(c.latencyMs)} (${formatPercent(c.share)})`],
      ['MACs', formatCount(c.macCount)],
      ['weights', formatBytes(c.weightBytes)],
      ['tile', c.tile || '—'],
      ['SRAM used', formatBytes(c.sramUsageBytes)],
      ['DDR read', formatBytes(c.ddrReadBytes)],
      ['DDR write', formatBytes(c.ddrWriteBytes)],
      ['compute cycles', formatCount(c.computeCycles)],
      ['memory cycles', formatCount(c.dramAccessCycles)],
      [c.utilizationKind === 'vector' ? 'utilisation (vector unit)' : c.utilizationKind === 'mac' ? 'utilisation (MAC array)' : 'utilisation', formatPercent(c.utilization)],
      ['bound', c.bound],
      ['kind', c.kind],
    );
    if (c.spill && c.spillKind) rows.push(['spill kind', c.spillKind === 'capacity' ? 'capacity: the tensor alone exceeds the SRAM' : 'pressure: other live tensors push it out']);
    const advice = c.spill ? spillAdvice(c) : '';
    if (advice) rows.push(['if resident', advice]);
  }
  const head = c?.kind === 'fused' && c.fusedInto !== undefined ? graph.nodes[c.fusedInto] : undefined;
  if (head && c?.fusedInto !== undefined) rows.push(['fused into', `${head.name} (${head.opType})`]);
  return {
    title: n.name,
    rows,
    spill: c?.spill ? c.spillReason || 'spills to DDR' : '',
    ...(head && c?.fusedInto !== undefined ? { link: { label: `Reveal ${head.opType} ${head.name}`, nodeIndex: c.fusedInto } } : {}),
  };
}

export function groupCardRows(g: Group, t: GroupTotals | undefined): CardContent {
  const rows: CardRow[] = [['nodes', String(g.nodeCount)]];
  if (g.synthetic) rows.push(['', 'consecutive nodes without a name scope, in topological order']);
  if (t) {
    rows.push(
      ['latency', `${formatMs(t.latencyMs)} (${formatPercent(t.share)})`],
      ['MACs', formatCount(t.macCount)],
      ['weights', formatBytes(t.weightBytes)],
      ['DDR traffic', formatBytes(t.ddrBytes)],
      ['spilling layers', String(t.spillCount)],
    );
  }
  return { title: g.path.join('/'), rows, spill: t && t.spillCount > 0 ? `${t.spillCount} spilling layer${t.spillCount === 1 ? '' : 's'} inside` : '' };
}

export const HOVER_CARD_ID = 'hover-card';

export class HoverCard {
  readonly root: HTMLDivElement;
  /** Where the card was put and for what: the app re-renders it in place when the cost changes. */
  shownAt: { x: number; y: number } | undefined;

  constructor(private readonly onLink: (nodeIndex: number) => void = () => undefined) {
    this.root = document.createElement('div');
    this.root.className = 'hover-card';
    this.root.id = HOVER_CARD_ID;
    this.root.setAttribute('role', 'tooltip');
    this.root.hidden = true;
  }

  get visible(): boolean {
    return !this.root.hidden;
  }

  show(card: CardContent, x: number, y: number): void {
    this.shownAt = { x, y };
    const parts: HTMLElement[] = [];
    if (card.kind) {
      const kind = document.createElement('div');
      kind.className = 'card-kind';
      kind.textContent = card.kind;
      parts.push(kind);
    }
    const title = document.createElement('div');
    title.className = 'card-title';
    title.textContent = card.title;
    const table = document.createElement('table');
    for (const [label, value] of card.rows) {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.textContent = label;
      const td = document.createElement('td');
      td.textContent = value;
      td.dataset.field = label;
      tr.append(th, td);
      table.appendChild(tr);
    }
    parts.push(title);
    if (card.spill) {
      const s = document.createElement('div');
      s.className = 'card-spill';
      s.textContent = `⚠ Spill: ${card.spill}`;
      parts.push(s);
    }
    parts.push(table);
    if (card.link) {
      const { nodeIndex, label } = card.link;
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'card-link';
      b.textContent = `↪ ${label}`;
      b.addEventListener('click', () => this.onLink(nodeIndex));
      parts.push(b);
    }
    this.root.replaceChildren(...parts);
    this.root.hidden = false;
    // Keep the card inside the window.
    const pw = this.root.offsetParent?.clientWidth ?? window.innerWidth;
    const ph = this.root.offsetParent?.clientHeight ?? window.innerHeight;
    const w = this.root.offsetWidth;
    const h = this.root.offsetHeight;
    this.root.style.left = `${Math.max(4, Math.min(x + 14, pw - w - 4))}px`;
    this.root.style.top = `${Math.max(4, Math.min(y + 14, ph - h - 4))}px`;
  }

  hide(): void {
    this.root.hidden = true;
    this.shownAt = undefined;
    delete this.root.dataset.key;
  }
}

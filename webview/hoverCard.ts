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

export function nodeCardRows(graph: CompactGraph, i: number, c: ViewNodeCost | undefined): { title: string; rows: CardRow[]; spill: string } {
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
      ['utilisation', formatPercent(c.utilization)],
      ['bound', c.bound],
      ['kind', c.kind],
    );
  }
  return { title: n.name, rows, spill: c?.spill ? c.spillReason || 'spills to DDR' : '' };
}

export function groupCardRows(g: Group, t: GroupTotals | undefined): { title: string; rows: CardRow[]; spill: string } {
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

export class HoverCard {
  readonly root: HTMLDivElement;

  constructor() {
    this.root = document.createElement('div');
    this.root.className = 'hover-card';
    this.root.setAttribute('role', 'tooltip');
    this.root.hidden = true;
  }

  show(card: CardContent, x: number, y: number): void {
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
  }
}

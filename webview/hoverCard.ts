// Hover card for a node or a group. Every value (names and shapes come from the model file) goes in
// with textContent: a stranger's node called `<img onerror=…>` shows up as that text, nothing runs.
import type { CompactGraph, ViewNodeCost } from '../src/core/view/protocol';
import type { Group, GroupTotals } from '../src/core/view/hierarchy';
import { formatBytes, formatCount, formatMs, formatPercent } from '../src/core/view/format';

export type CardRow = [label: string, value: string];

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

  show(card: { title: string; rows: CardRow[]; spill: string }, x: number, y: number): void {
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
    const parts: HTMLElement[] = [title];
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

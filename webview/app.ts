// The model editor's view model: owns the hierarchy, expanded groups, overlay, selection and the
// persisted webview state, and wires the graph surface, minimap, hover card and side panel together.
import type { CompactGraph, HardwareChoice, TimelineMark, UnboundDimView, ViewCost, WebviewToHost, WhatIf, WireLayout } from '../src/core/view/protocol';
import { toWireLayout } from '../src/core/view/wireLayout';
import {
  assignScopes, buildHierarchy, groupChain, groupKey, groupTotals, visibleItem, type GroupTotals, type Hierarchy,
} from '../src/core/view/hierarchy';
import { formatCount, formatPercent } from '../src/core/view/format';
import { shapeArithmetic } from '../src/core/view/shapeNoise';
import { GraphView, type BoxDecoration, type ViewTransform } from './graph/graphView';
import { Minimap } from './graph/minimap';
import { ioLabel, isIoKey, relativeName, SceneBuilder, type Scene, type SceneBox } from './graph/scene';
import { boundClass, groupBound, heatClass, HEAT_BUCKETS, type OverlayMode } from './graph/overlay';
import { LayoutCancelled, type LayoutEngine } from './layout/layoutEngine';
import { HOVER_CARD_ID, HoverCard, groupCardRows, ioCardRows, nodeCardRows, type CardContent } from './hoverCard';
import { SidePanel, searchNodes, type TopSort } from './panel/sidePanel';
import { mark, publishTimeline } from './timeline';

export interface PersistedState {
  /** Identifies the model the state belongs to. */
  model: string;
  expanded: string[];
  view?: ViewTransform;
  mode: OverlayMode;
  topSort: TopSort;
  selected?: string;
  search?: string;
  /** Shape arithmetic (Shape, Gather, Constant… that cost nothing) drawn; folded away by default. */
  showShapeOps?: boolean;
}

export interface Host {
  post(msg: WebviewToHost): void;
  getState(): unknown;
  setState(s: unknown): void;
  /** Created at script start so the worker is warm by the time `init` arrives. */
  engine: LayoutEngine;
  /** Key of the host's cache of laid-out levels for this graph (new levels are posted back with it). */
  layoutKey?: string;
  /** Idle-time layout of likely expansions (default on; benchmarks turn it off to time cold expands). */
  prefetch?: boolean;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function dist(b: SceneBox, p: { x: number; y: number }): number {
  return Math.hypot(b.x + b.w / 2 - p.x, b.y + b.h / 2 - p.y);
}

export class ModelEditorApp {
  private h: Hierarchy;
  private readonly engine: LayoutEngine;
  private builder: SceneBuilder;
  /** Shape-arithmetic nodes (folded away unless state.showShapeOps). */
  private readonly shapeOps: Uint8Array;
  private readonly shapeToggle: HTMLButtonElement;
  private readonly view: GraphView;
  private readonly minimap: Minimap;
  private readonly card = new HoverCard((i) => void this.reveal(i));
  private cardBox: SceneBox | undefined;
  private hideTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly panel: SidePanel;
  private readonly crumbs = el('nav', 'breadcrumbs');
  private readonly legend = el('div', 'legend');
  private readonly status = el('div', 'status');
  private readonly dimsBanner = el('section', 'dims-banner');
  private cost: ViewCost | undefined;
  private totals: Map<string, GroupTotals> | undefined;
  private expanded: Set<string>;
  private state: PersistedState;
  private buildSeq = 0;
  private maxShare = 0;
  private spillCursor = -1;
  private lastQuery: string | undefined;
  private prefetcher: SceneBuilder | undefined;
  private prefetchEngine: LayoutEngine | undefined;

  constructor(
    private readonly app: HTMLElement,
    private readonly graph: CompactGraph,
    presets: HardwareChoice[],
    whatIf: WhatIf,
    hostTimeline: TimelineMark[] | undefined,
    private readonly host: Host,
  ) {
    const t0 = performance.now();
    mark('webview: graph decoded');
    // A host that sent no scopes (all empty) still gets a hierarchy: from the names, chunked if flat.
    if (graph.nodes.length > 0 && graph.nodes.every((n) => n.scope.length === 0)) {
      const scopes = assignScopes(graph.nodes.map((n) => n.name), graph.edges);
      graph.nodes.forEach((n, i) => (n.scope = scopes[i]));
    }
    this.shapeOps = shapeArithmetic(graph);
    const modelId = `${graph.title}|${graph.nodes.length}|${graph.edges.length}`;
    const saved = host.getState() as PersistedState | undefined;
    this.state = saved && saved.model === modelId
      ? saved
      : { model: modelId, expanded: [], mode: 'heat', topSort: 'latency' };
    this.h = this.hierarchy();
    this.expanded = new Set(this.state.expanded.filter((id) => this.h.groups.has(id)));
    this.engine = host.engine;
    this.builder = this.sceneBuilder(this.engine);

    this.view = new GraphView({
      decorate: (b) => this.decorate(b),
      onActivate: (b) => this.activate(b),
      onHover: (b, x, y) => this.hover(b, x, y),
      onFocusItem: (b) => {
        this.setSelected(b.key);
        const r = this.view.element(b.key)?.getBoundingClientRect();
        if (r) this.hover(b, r.left + r.width / 2, r.bottom);
      },
      onViewChange: (t) => {
        this.state.view = t;
        this.saveState();
        this.minimap.draw();
      },
      onExpandAll: (b) => {
        if (b.kind === 'group') void this.expandAll(b.groupId);
      },
      onCollapseParent: (b) => {
        if (b.kind === 'input' || b.kind === 'output') return; // root level: nothing encloses them
        const gid = b.kind === 'group' && b.expanded ? b.groupId : b.kind === 'group' ? this.h.groups.get(b.groupId)!.parent : b.groupId;
        if (gid) void this.setExpanded(gid, false, groupKey(gid));
      },
    });
    this.minimap = new Minimap(
      (key) => this.isSpillKey(key),
      () => ({ t: this.view.transform, ...this.view.size() }),
      (x, y) => {
        const { w, h } = this.view.size();
        const k = this.view.transform.k;
        this.view.setTransform({ k, x: w / 2 - x * k, y: h / 2 - y * k });
      },
    );
    this.panel = new SidePanel(graph, presets, whatIf, this.state.mode, this.state.topSort, {
      onWhatIf: (w) => {
        this.status.textContent = 'Re-costing…';
        this.app.dataset.recostStart = String(performance.now());
        host.post({ type: 'whatIf', whatIf: w });
      },
      onReveal: (i) => void this.reveal(i),
      onMode: (m) => {
        this.state.mode = m;
        this.saveState();
        this.renderLegend();
        this.view.redecorate();
      },
      onTopSort: (s) => {
        this.state.topSort = s;
        this.saveState();
        this.panel.refreshTop(this.cost);
      },
      onSearch: (q) => {
        // The field fires `change` on blur too: re-rendering then would swallow the click on a result.
        if (q === this.lastQuery) return;
        this.lastQuery = q;
        this.state.search = q;
        this.saveState();
        const r = searchNodes(graph, q);
        this.panel.setSearchResults(r.results, r.error);
      },
    });

    // Layout of the page.
    const main = el('div', 'editor-main');
    const toolbar = el('div', 'toolbar');
    const tb = (label: string, title: string, fn: () => void) => {
      const b = el('button', 'tool', label);
      b.type = 'button';
      b.title = title;
      b.setAttribute('aria-label', title);
      b.addEventListener('click', fn);
      return b;
    };
    const folded = this.shapeOps.reduce((a, b) => a + b, 0);
    this.shapeToggle = tb('Shape ops', '', () => void this.toggleShapeOps());
    this.shapeToggle.classList.add('shape-toggle');
    this.shapeToggle.hidden = folded === 0;
    this.updateShapeToggle(folded);
    toolbar.append(
      this.crumbs,
      this.shapeToggle,
      tb('⤢', 'Fit to view (0)', () => this.view.fit()),
      tb('1:1', 'Actual size (1)', () => this.view.actualSize()),
      tb('+', 'Zoom in (+)', () => this.view.zoomBy(1.25)),
      tb('−', 'Zoom out (-)', () => this.view.zoomBy(0.8)),
      tb('⊟', 'Collapse all groups', () => void this.collapseAll()),
    );
    const banner = el('div', 'banner');
    for (const n of graph.notes) banner.appendChild(el('div', 'note', n));
    banner.hidden = graph.notes.length === 0;
    this.card.root.addEventListener('pointerenter', () => clearTimeout(this.hideTimer));
    this.card.root.addEventListener('pointerleave', () => this.hover(undefined, 0, 0));
    const stage = el('div', 'stage');
    stage.append(this.view.root, this.minimap.root, this.legend, this.card.root, this.status);
    this.dimsBanner.hidden = true;
    this.dimsBanner.setAttribute('aria-label', 'Unbound input dimensions');
    main.append(toolbar, banner, this.dimsBanner, stage);
    app.replaceChildren(main, this.panel.root);
    app.classList.add('model-editor');
    this.minimap.readTheme();
    new MutationObserver(() => {
      this.minimap.readTheme();
      this.minimap.draw();
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });

    this.renderCrumbs('');
    // Uncoloured until the host's `cost` message (it follows `init`; the graph is not held back for it).
    this.setCost(undefined, whatIf);
    if (this.state.search) {
      const r = searchNodes(graph, this.state.search);
      this.panel.setSearchResults(r.results, r.error);
    }
    this.app.dataset.hierarchyMs = (performance.now() - t0).toFixed(1);
    mark('webview: panels built');
    void this.rebuild().then(() => {
      mark('webview: laid out');
      if (this.state.view) this.view.setTransform(this.state.view, false);
      else this.view.fit();
      this.view.flush();
      if (this.state.selected) this.setSelected(this.state.selected);
      mark('webview: drawn');
      // A task queued from the next animation frame runs after that frame is painted: the graph is on screen.
      requestAnimationFrame(() => setTimeout(() => {
        mark('webview: painted');
        this.app.dataset.firstPaintMs = performance.now().toFixed(0);
        this.app.dataset.initToPaintMs = (performance.now() - t0).toFixed(0);
        publishTimeline(this.app, hostTimeline);
        this.app.dataset.ready = 'true';
        // Now that the top level is up, let the worker compile its hot paths before the first expand.
        setTimeout(() => void this.engine.warm('jit'), 50);
      }, 0));
    });
  }

  // ---- unbound dims banner

  /** Symbolic input dims nothing binds: one field each (pre-filled with the proposal); Apply re-infers and re-costs in the host. */
  setUnboundDims(dims: UnboundDimView[], bound: Record<string, number>): void {
    this.app.dataset.unboundDims = String(dims.length);
    this.dimsBanner.hidden = dims.length === 0;
    if (dims.length === 0) {
      this.dimsBanner.replaceChildren();
      return;
    }
    const title = el('div', 'dims-title', `⚠ ${dims.length} input dim${dims.length === 1 ? ' is' : 's are'} unbound: layers that depend on ${dims.length === 1 ? 'it' : 'them'} are not costed. Bind ${dims.length === 1 ? 'it' : 'them'}:`);
    const rows = el('div', 'dims-rows');
    const fields = dims.map((d, k) => {
      const row = el('div', 'dims-row');
      const label = el('label', 'dims-name', d.name);
      const input = el('input', 'dims-input');
      input.id = `dim-${k}`;
      label.htmlFor = input.id;
      input.type = 'text';
      input.inputMode = 'numeric';
      input.value = String(bound[d.name] ?? (d.proposal > 0 ? d.proposal : ''));
      input.dataset.dim = d.name;
      input.title = d.why;
      input.setAttribute('aria-describedby', `dim-${k}-why`);
      const why = el('span', 'dims-why', `${d.where} — ${d.why}`);
      why.id = `dim-${k}-why`;
      row.append(label, input, why);
      rows.appendChild(row);
      return { d, input };
    });
    const error = el('div', 'error-text dims-error');
    error.setAttribute('role', 'alert');
    const apply = (setting: boolean) => {
      const bindings: Record<string, number> = {};
      for (const { d, input } of fields) {
        const t = input.value.trim();
        if (t === '') continue;
        const v = Number(t);
        if (!Number.isInteger(v) || v <= 0) {
          error.textContent = `${d.name}: a positive whole number, not "${t}"`;
          input.focus();
          return;
        }
        bindings[d.name] = v;
      }
      if (Object.keys(bindings).length === 0) {
        error.textContent = 'Give at least one size.';
        return;
      }
      error.textContent = '';
      this.status.textContent = 'Inferring shapes and re-costing…';
      this.host.post({ type: 'bindDims', bindings, setting });
    };
    const buttons = el('div', 'button-row');
    const b1 = el('button', 'dims-apply', 'Apply');
    b1.type = 'button';
    b1.addEventListener('click', () => apply(false));
    const b2 = el('button', 'dims-save', 'Apply and save to settings');
    b2.type = 'button';
    b2.title = 'Also write the named dims to the onnxNpuProfiler.dimBindings setting of this workspace';
    b2.addEventListener('click', () => apply(true));
    buttons.append(b1, b2);
    for (const { input } of fields) input.addEventListener('keydown', (e) => e.key === 'Enter' && apply(false));
    this.dimsBanner.replaceChildren(title, rows, buttons, error);
  }

  // ---- shape arithmetic folding

  private hierarchy(): Hierarchy {
    return buildHierarchy(this.graph, this.state.showShapeOps ? undefined : this.shapeOps);
  }

  /** Each hierarchy has its own layouts in the shared cache (`all:` = shape arithmetic shown). */
  private sceneBuilder(engine: LayoutEngine): SceneBuilder {
    return new SceneBuilder(this.graph, this.h, engine, this.state.showShapeOps ? 'all:' : '');
  }

  private updateShapeToggle(folded: number): void {
    const on = !!this.state.showShapeOps;
    const label = on ? `Fold shape arithmetic (${folded} nodes that only compute shapes)` : `Show shape arithmetic (${folded} nodes folded away: Shape, Gather, Constant…)`;
    this.shapeToggle.title = label;
    this.shapeToggle.setAttribute('aria-label', label);
    this.shapeToggle.setAttribute('aria-pressed', String(on));
  }

  async setShapeOpsShown(on: boolean): Promise<void> {
    if (!!this.state.showShapeOps === on) return;
    this.state.showShapeOps = on;
    this.h = this.hierarchy();
    this.builder = this.sceneBuilder(this.engine);
    if (this.prefetchEngine) this.prefetcher = this.sceneBuilder(this.prefetchEngine);
    this.expanded = new Set([...this.expanded].filter((id) => this.h.groups.has(id)));
    this.totals = this.cost ? groupTotals(this.h, this.cost.nodes) : undefined;
    this.updateShapeToggle(this.shapeOps.reduce((a, b) => a + b, 0));
    this.app.dataset.shapeOps = on ? 'shown' : 'folded';
    if (await this.rebuild()) this.view.fit();
  }

  private toggleShapeOps(): Promise<void> {
    return this.setShapeOpsShown(!this.state.showShapeOps);
  }

  // ---- cost overlay

  setCost(cost: ViewCost | undefined, whatIf?: WhatIf): void {
    const t0 = performance.now();
    this.cost = cost;
    this.totals = cost ? groupTotals(this.h, cost.nodes) : undefined;
    if (whatIf) this.panel.setWhatIf(whatIf);
    this.panel.setCost(cost);
    this.computeMaxShare();
    this.renderLegend();
    this.view.redecorate();
    this.view.flush();
    this.minimap.draw();
    // An open card shows the new figures (or goes, when its item is gone): never the old hardware's.
    this.refreshCard();
    this.status.textContent = '';
    this.app.dataset.spillCount = String(cost?.totals.spillCount ?? 0);
    this.app.dataset.totalLatencyMs = String(cost?.totals.latencyMs ?? '');
    const start = Number(this.app.dataset.recostStart);
    // Recolour time (webview side) and, when a what-if was posted, the round trip through the host.
    this.app.dataset.recolourMs = (performance.now() - t0).toFixed(1);
    if (start) this.app.dataset.whatIfRoundTripMs = (performance.now() - start).toFixed(0);
  }

  private computeMaxShare(): void {
    this.maxShare = 0;
    const s = this.view.currentScene;
    if (!s || !this.cost) return;
    for (const b of s.boxes) if (!b.expanded) this.maxShare = Math.max(this.maxShare, this.shareOf(b));
  }

  private shareOf(b: SceneBox): number {
    if (b.kind === 'node') return this.cost?.nodes[b.nodeIndex]?.share ?? 0;
    if (b.kind === 'group') return this.totals?.get(b.groupId)?.share ?? 0;
    return 0; // graph inputs/outputs cost nothing (their groupId is the root's, whose share is 1)
  }

  private isSpillKey(key: string): boolean {
    if (!this.cost) return false;
    if (key.startsWith('n:')) return !!this.cost.nodes[Number(key.slice(2))]?.spill;
    // Only `g:` keys name groups: `i:0` is graph input 0, not a group called "0".
    if (key.startsWith('g:')) return (this.totals?.get(key.slice(2))?.spillCount ?? 0) > 0;
    return false;
  }

  private decorate(b: SceneBox): BoxDecoration {
    const mode = this.state.mode;
    if (b.kind === 'input' || b.kind === 'output') {
      const t = (b.kind === 'input' ? this.graph.inputs : this.graph.outputs)[b.ioIndex];
      const what = b.kind === 'input' ? 'Graph input' : 'Graph output';
      // No cost class: boundary items are styled by their kind only (main.css).
      return { classes: 'io', title: ioLabel(t.name), subtitle: ioLabel(t.type), ariaLabel: `${what} ${t.name}, ${t.type}`, spillBadge: '' };
    }
    if (b.kind === 'node') {
      const n = this.graph.nodes[b.nodeIndex];
      const c = this.cost?.nodes[b.nodeIndex];
      const cls = !c ? 'no-cost' : mode === 'heat' ? heatClass(c.share, this.maxShare) : boundClass(c.bound);
      const spill = !!c?.spill;
      return {
        classes: `${cls}${spill ? ' spill' : ''}`,
        title: n.opType,
        subtitle: relativeName(n.name, n.scope),
        ariaLabel: `${n.opType} ${n.name}${c ? `, ${formatPercent(c.share)} of latency, ${c.bound} bound` : ''}${spill ? ', spills to DDR' : ''}`,
        spillBadge: spill ? '⚠ spill' : '',
        ...(c ? { brief: formatPercent(c.share) } : {}),
      };
    }
    const g = this.h.groups.get(b.groupId)!;
    const t = this.totals?.get(b.groupId);
    const cls = !t ? 'no-cost' : mode === 'heat' ? heatClass(t.share, this.maxShare) : boundClass(groupBound(t.computeCycles, t.dramAccessCycles));
    const spills = t?.spillCount ?? 0;
    const sub = `${g.nodeCount} node${g.nodeCount === 1 ? "" : "s"}${t ? ` · ${formatPercent(t.share)}` : ''}`;
    return {
      classes: `${b.expanded ? '' : cls}${spills ? ' has-spill' : ''}${g.synthetic ? ' synthetic' : ''}`,
      title: g.name,
      subtitle: sub,
      ariaLabel: `Group ${g.path.join('/')}, ${sub}${t ? `, ${formatCount(t.macCount)} MACs` : ''}${spills ? `, ${spills} spilling layers` : ''}, ${b.expanded ? 'expanded' : 'collapsed'}`,
      spillBadge: spills ? `⚠ ${spills}` : '',
      ...(t ? { brief: formatPercent(t.share) } : {}),
    };
  }

  private renderLegend(): void {
    const rows: HTMLElement[] = [];
    if (this.state.mode === 'heat') {
      rows.push(el('div', 'legend-title', 'Latency share'));
      const scale = el('div', 'heat-scale');
      for (let i = 0; i < HEAT_BUCKETS; i++) scale.appendChild(el('span', `swatch heat-${i}`));
      rows.push(scale);
      const ends = el('div', 'heat-ends');
      ends.append(el('span', undefined, '0'), el('span', undefined, `${formatPercent(this.maxShare)} (largest visible)`));
      rows.push(ends);
    } else {
      rows.push(el('div', 'legend-title', 'Bound'));
      for (const b of ['compute', 'memory', 'overhead', 'none'] as const) {
        const r = el('div', 'legend-row');
        r.append(el('span', `swatch bound-${b}`), el('span', undefined, b));
        rows.push(r);
      }
    }
    const spill = el('button', 'legend-row spill-row');
    spill.type = 'button';
    spill.title = 'Reveal the next spilling layer';
    const n = this.cost?.totals.spillCount ?? 0;
    spill.append(el('span', 'swatch spill-swatch'), el('span', 'spill-count', `${n} spilling layer${n === 1 ? '' : 's'}`));
    spill.addEventListener('click', () => this.nextSpill());
    rows.push(spill);
    this.legend.replaceChildren(...rows);
  }

  private nextSpill(): void {
    const spills = this.cost?.nodes.map((c, i) => (c.spill ? i : -1)).filter((i) => i >= 0) ?? [];
    if (!spills.length) return;
    this.spillCursor = (this.spillCursor + 1) % spills.length;
    void this.reveal(spills[this.spillCursor]);
  }

  // ---- hover and selection

  private hover(b: SceneBox | undefined, x: number, y: number): void {
    clearTimeout(this.hideTimer);
    if (!b) {
      // A short grace period lets the pointer reach the card's link (a fused layer's head).
      this.hideTimer = setTimeout(() => this.hideCard(), 350);
      return;
    }
    const stage = this.card.root.parentElement!.getBoundingClientRect();
    this.showCard(b, x - stage.left, y - stage.top);
  }

  private cardContent(b: SceneBox): CardContent {
    return b.kind === 'node'
      ? nodeCardRows(this.graph, b.nodeIndex, this.cost?.nodes[b.nodeIndex])
      : b.kind === 'group'
        ? groupCardRows(this.h.groups.get(b.groupId)!, this.totals?.get(b.groupId))
        : ioCardRows(this.graph, b.kind, b.ioIndex, this.builder.io);
  }

  private showCard(b: SceneBox, x: number, y: number): void {
    this.cardBox = b;
    this.card.root.dataset.key = b.key;
    this.card.show(this.cardContent(b), x, y);
    this.view.describe(b.key, HOVER_CARD_ID);
  }

  private hideCard(): void {
    this.view.describe(undefined, HOVER_CARD_ID);
    this.cardBox = undefined;
    this.card.hide();
  }

  /** Re-renders an open card from the current cost and scene; hides it when its item is no longer shown. */
  private refreshCard(): void {
    const b = this.cardBox;
    const at = this.card.shownAt;
    if (!b || !at || !this.card.visible) return;
    const now = this.view.currentScene?.byKey.get(b.key);
    if (!now) return this.hideCard();
    this.showCard(now, at.x, at.y);
  }

  private setSelected(key: string): void {
    this.state.selected = key;
    this.saveState();
    this.view.select(key);
    // Graph inputs/outputs sit at the root; `i:3` is no node index.
    const gid = key.startsWith('g:') ? key.slice(2) : isIoKey(key) ? '' : this.h.nodeGroup[Number(key.slice(2))] ?? '';
    this.renderCrumbs(gid);
  }

  private renderCrumbs(gid: string): void {
    const parts: HTMLElement[] = [];
    const rootBtn = el('button', 'crumb', this.graph.title || 'model');
    rootBtn.type = 'button';
    rootBtn.addEventListener('click', () => this.view.fit());
    parts.push(rootBtn);
    for (const g of groupChain(this.h, gid)) {
      parts.push(el('span', 'crumb-sep', '›'));
      const b = el('button', 'crumb', g.name);
      b.type = 'button';
      b.addEventListener('click', () => {
        const box = this.view.currentScene?.byKey.get(groupKey(g.id));
        if (box) this.view.fit(box);
      });
      parts.push(b);
    }
    this.crumbs.replaceChildren(...parts);
  }

  // ---- expand / collapse

  private activate(b: SceneBox): void {
    if (b.kind === 'group') void this.setExpanded(b.groupId, !b.expanded, b.key);
    else this.setSelected(b.key);
  }

  async setExpanded(gid: string, open: boolean, focusKey?: string): Promise<void> {
    if (open) {
      // Expanding a group that only wraps one group opens the chain down to where there is a choice.
      let g = this.h.groups.get(gid)!;
      this.expanded.add(g.id);
      while (g.childNodes.length === 0 && g.childGroups.length === 1) {
        g = this.h.groups.get(g.childGroups[0])!;
        this.expanded.add(g.id);
      }
    } else {
      for (const id of [...this.expanded]) if (id === gid || id.startsWith(`${gid}/`)) this.expanded.delete(id);
    }
    const t0 = performance.now();
    const layoutMs0 = this.engine.layoutMs;
    const anchor = this.view.currentScene?.byKey.get(groupKey(gid));
    const before = anchor && { x: anchor.x, y: anchor.y };
    if (await this.rebuild()) {
      // Keep the toggled group where it was on screen.
      const after = this.view.currentScene?.byKey.get(groupKey(gid));
      if (before && after) {
        const t = this.view.transform;
        this.view.setTransform({ k: t.k, x: t.x - (after.x - before.x) * t.k, y: t.y - (after.y - before.y) * t.k });
      }
      this.view.flush();
      if (focusKey) this.view.focusItem(focusKey);
      // Click to DOM updated (layout, composition and rendering; the browser paints right after).
      this.app.dataset.lastExpandMs = (performance.now() - t0).toFixed(1);
      // Of which elkjs (0 when the layout was cached): the rest is composing and drawing.
      this.app.dataset.lastExpandLayoutMs = (this.engine.layoutMs - layoutMs0).toFixed(1);
      this.app.dataset.layoutMs = this.engine.layoutMs.toFixed(0);
    }
  }

  /** Expands a group and every group below it (key `*` on a focused group). */
  async expandAll(gid: string): Promise<void> {
    for (const id of this.h.groups.keys()) if (id === gid || id.startsWith(`${gid}/`)) this.expanded.add(id);
    if (await this.rebuild()) this.view.focusItem(groupKey(gid));
  }

  private async collapseAll(): Promise<void> {
    this.expanded.clear();
    if (await this.rebuild()) this.view.fit();
  }

  /** Expands the node's ancestors, centres it, selects it and moves focus to it. */
  async reveal(nodeIndex: number): Promise<void> {
    if (nodeIndex < 0 || nodeIndex >= this.graph.nodes.length) return;
    // A folded node asked for by name (search, Top layers) brings the shape arithmetic back.
    if (this.h.hidden[nodeIndex]) await this.setShapeOpsShown(true);
    const gid = this.h.nodeGroup[nodeIndex];
    const parts = gid === '' ? [] : gid.split('/');
    for (let d = 1; d <= parts.length; d++) this.expanded.add(parts.slice(0, d).join('/'));
    const key = visibleItem(this.h, this.expanded, nodeIndex);
    if (!(await this.rebuild())) return;
    const box = this.view.currentScene?.byKey.get(key);
    if (!box) return;
    this.view.centerOn(box);
    this.view.flush();
    this.setSelected(key);
    // Layout may finish after the user has moved on (e.g. to the command palette): take keyboard
    // focus only if this webview still has it, never steal it back from the workbench.
    if (document.hasFocus()) this.view.focusItem(key);
  }

  /** Lays out what is expanded now; a newer call cancels an older one (the worker is terminated). Returns false if superseded. */
  private async rebuild(): Promise<boolean> {
    const seq = ++this.buildSeq;
    // A speculative layout running now is left to finish when it is young (it may be the very group
    // the user opened, which the build then waits for; a restarted worker would cost ~0.5 s of CPU),
    // and dropped when it has run long (a big group the user may not want).
    this.prefetchEngine?.cancelSlow(250);
    // A layout that has run for long (a huge group) is abandoned by terminating the worker; short
    // ones finish (and are cached) while this request waits in the worker's queue.
    this.engine.cancelSlow(800);
    this.state.expanded = [...this.expanded];
    this.saveState();
    const slow = setTimeout(() => (this.status.textContent = 'Laying out…'), 150);
    let scene: Scene;
    try {
      scene = await this.builder.build(this.expanded);
    } catch (err) {
      if (err instanceof LayoutCancelled || seq !== this.buildSeq) return false;
      this.status.textContent = `Layout failed: ${err instanceof Error ? err.message : String(err)}`;
      this.host.post({ type: 'log', level: 'error', message: `layout failed: ${String(err)}` });
      return false;
    } finally {
      clearTimeout(slow);
    }
    if (seq !== this.buildSeq) return false;
    this.status.textContent = '';
    const t0 = performance.now();
    this.view.setScene(scene);
    this.computeMaxShare();
    this.renderLegend();
    this.minimap.setScene(scene);
    this.refreshCard();
    this.app.dataset.lastRenderMs = (performance.now() - t0).toFixed(1);
    this.app.dataset.layoutRuns = String(this.engine.runs);
    this.app.dataset.visibleItems = String(scene.boxes.length);
    this.schedulePrefetch(seq);
    this.scheduleLayoutSave();
    return true;
  }

  /**
   * While the user looks, lays out (in the worker, one at a time) what expanding each visible
   * collapsed group would need, so the expand itself is mostly a cache hit. Stops as soon as the
   * user changes anything (a newer build sequence).
   */
  private schedulePrefetch(seq: number): void {
    if (this.host.prefetch === false) return;
    if (!this.prefetcher) {
      // Its own worker, so a click never waits behind a speculative layout; same cache.
      const engine = this.engine.sibling();
      void engine.warm();
      this.prefetchEngine = engine;
      this.prefetcher = this.sceneBuilder(engine);
    }
    const prefetcher = this.prefetcher;
    setTimeout(() => void (async () => {
      // Speculate only on a started worker: a user's expand may wait for a prefetch run, and should
      // not wait for a worker's start-up (nor should a click cancel a worker half-way through it).
      await this.prefetchEngine!.warm();
      const scene = this.view.currentScene;
      if (!scene || seq !== this.buildSeq) return;
      const center = this.viewCenter();
      const candidates = scene.boxes
        .filter((b) => b.kind === 'group' && !b.expanded && this.h.groups.get(b.groupId)!.nodeCount <= 2000)
        .sort((a, b) => dist(a, center) - dist(b, center))
        .slice(0, 24);
      for (const b of candidates) {
        if (seq !== this.buildSeq) return;
        const next = new Set(this.expanded);
        next.add(b.groupId);
        try {
          await prefetcher.build(next);
        } catch {
          return;
        }
      }
      this.app.dataset.prefetchDone = String(seq);
    })(), 30);
  }

  private viewCenter(): { x: number; y: number } {
    const t = this.view.transform;
    const { w, h } = this.view.size();
    return { x: (w / 2 - t.x) / t.k, y: (h / 2 - t.y) / t.k };
  }

  private layoutSaveTimer: ReturnType<typeof setTimeout> | undefined;

  /** Sends the levels laid out here to the host's cache (after a quiet moment: never on the way to a paint). */
  private scheduleLayoutSave(): void {
    const key = this.host.layoutKey;
    if (!key) return;
    clearTimeout(this.layoutSaveTimer);
    this.layoutSaveTimer = setTimeout(() => {
      const levels = this.engine.drainFresh().map(([level, l]) => [level, toWireLayout(l)] as [string, WireLayout]);
      if (levels.length) this.host.post({ type: 'layouts', key, levels });
    }, 1500);
  }

  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private saveState(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.host.setState(this.state), 100);
  }

  /** Node keys of every spilling node (for the legend count and tests). */
  spillingNodes(): number[] {
    return this.cost?.nodes.map((c, i) => (c.spill ? i : -1)).filter((i) => i >= 0) ?? [];
  }
}

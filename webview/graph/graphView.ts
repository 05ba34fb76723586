// SVG graph surface with viewport culling: only boxes and edges near the viewport are in the DOM,
// and the DOM is rebuilt only when the view leaves the rendered margin or the zoom level changes the
// level of detail; plain pans just move one transform. Labels are set with textContent only.
import type { Scene, SceneBox } from './scene';
import { elideMiddle } from '../../src/core/view/elide';

const SVG_NS = 'http://www.w3.org/2000/svg';
/**
 * Level of detail. Below 0.12 no labels are drawn (thousands of boxes stay cheap); up to DETAIL_ZOOM
 * each item shows one line (a group's name and share, a node's op) in type sized to read on screen
 * (about 12 px, as large as the box allows), since 12 px type at zoom 0.5 is 6 px; from DETAIL_ZOOM up
 * the full labels. The overview's type is sized per zoom step, so zooming within a step only moves a transform.
 */
const LABEL_MIN_ZOOM = 0.12;
const DETAIL_ZOOM = 0.75;
const LOD_STEPS = [0.12, 0.16, 0.21, 0.27, 0.35, 0.45, 0.58];
/** Screen size the overview's type aims at (px). */
const OVERVIEW_PX = 12;
/** Average glyph width as a share of the font size (for eliding to a box's width). */
const GLYPH = 0.6;
/** The same for bold labels, on the generous side: used where a label must end before the spill badge. */
const GLYPH_BOLD = 0.7;

type Lod = { level: 'none' | 'overview' | 'detail'; k: number };

export function lodFor(k: number): Lod {
  if (k < LABEL_MIN_ZOOM) return { level: 'none', k };
  if (k >= DETAIL_ZOOM) return { level: 'detail', k: DETAIL_ZOOM };
  let step = LOD_STEPS[0];
  for (const s of LOD_STEPS) if (k >= s) step = s;
  return { level: 'overview', k: step };
}
const MIN_ZOOM = 0.02;
const MAX_ZOOM = 4;

export interface ViewTransform {
  x: number;
  y: number;
  k: number;
}

/** What a box looks like, decided by the app (overlay classes, labels, spill marker). */
export interface BoxDecoration {
  classes: string;
  title: string;
  subtitle: string;
  ariaLabel: string;
  spillBadge: string;
  /** Shown after the title at the overview level of detail (a group's latency share). */
  brief?: string;
}

export interface GraphViewCallbacks {
  decorate(box: SceneBox): BoxDecoration;
  onActivate(box: SceneBox, how: 'click' | 'key'): void;
  onHover(box: SceneBox | undefined, clientX: number, clientY: number): void;
  onFocusItem(box: SceneBox): void;
  onViewChange(t: ViewTransform): void;
  onCollapseParent(box: SceneBox): void;
  onExpandAll(box: SceneBox): void;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

export class GraphView {
  readonly root: HTMLDivElement;
  private readonly svgEl: SVGSVGElement;
  private readonly world: SVGGElement;
  private readonly layerBg: SVGGElement;
  private readonly layerEdges: SVGGElement;
  private readonly layerItems: SVGGElement;
  private scene: Scene | undefined;
  private t: ViewTransform = { x: 0, y: 0, k: 1 };
  /** World rectangle currently in the DOM, and whether it was drawn with labels. */
  private rendered: { x0: number; y0: number; x1: number; y1: number; lod: Lod } | undefined;
  private frame = 0;
  private selectedKey: string | undefined;
  private readonly elements = new Map<string, SVGGElement>();
  renderCount = 0;

  constructor(private readonly cb: GraphViewCallbacks) {
    this.root = document.createElement('div');
    this.root.className = 'graph-surface';
    this.root.tabIndex = 0;
    this.root.setAttribute('role', 'application');
    this.root.setAttribute('aria-label', 'Model graph: graph inputs at the top, outputs at the bottom. Arrow keys pan, plus and minus zoom, 0 fits, 1 shows actual size, Tab moves between items, Enter expands or collapses a group, star expands everything inside it, Escape collapses the enclosing group.');
    this.svgEl = svg('svg', { class: 'graph-svg' });
    const defs = svg('defs');
    const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    marker.appendChild(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }));
    defs.appendChild(marker);
    // Spills' non-colour channel: diagonal white lines on the spill colour, in a strip on the box's edge.
    const hatch = svg('pattern', { id: 'spill-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
    hatch.append(svg('rect', { class: 'spill-hatch-bg', width: 6, height: 6 }), svg('line', { class: 'spill-hatch-line', x1: 1, y1: 0, x2: 1, y2: 6 }));
    defs.appendChild(hatch);
    this.svgEl.appendChild(defs);
    this.world = svg('g', { class: 'world' });
    this.layerBg = svg('g', { class: 'layer-bg' });
    this.layerEdges = svg('g', { class: 'layer-edges' });
    this.layerItems = svg('g', { class: 'layer-items' });
    this.world.append(this.layerBg, this.layerEdges, this.layerItems);
    this.svgEl.appendChild(this.world);
    this.root.appendChild(this.svgEl);
    this.bindEvents();
    new ResizeObserver(() => this.invalidate(true)).observe(this.root);
  }

  get transform(): ViewTransform {
    return { ...this.t };
  }

  get currentScene(): Scene | undefined {
    return this.scene;
  }

  setScene(scene: Scene): void {
    this.scene = scene;
    this.invalidate(true);
  }

  /** Overlay changed (what-if, mode): redraw the same boxes with new classes, no layout. */
  redecorate(): void {
    this.invalidate(true);
  }

  setTransform(t: ViewTransform, notify = true): void {
    this.t = { x: t.x, y: t.y, k: Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, t.k)) };
    this.invalidate(false);
    if (notify) this.cb.onViewChange(this.transform);
  }

  size(): { w: number; h: number } {
    return { w: this.root.clientWidth || 800, h: this.root.clientHeight || 600 };
  }

  fit(box?: { x: number; y: number; w: number; h: number }): void {
    const s = this.scene;
    if (!s) return;
    const b = box ?? { x: 0, y: 0, w: s.width, h: s.height };
    const { w, h } = this.size();
    const k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Math.min((w - 40) / Math.max(b.w, 1), (h - 40) / Math.max(b.h, 1), 1.5)));
    this.setTransform({ k, x: (w - b.w * k) / 2 - b.x * k, y: (h - b.h * k) / 2 - b.y * k });
  }

  /** 1:1 (zoom 1) about the view's centre. */
  actualSize(): void {
    this.zoomBy(1 / this.t.k);
  }

  centerOn(box: SceneBox, minZoom = 0.8): void {
    const { w, h } = this.size();
    const k = Math.max(this.t.k, minZoom);
    this.setTransform({ k, x: w / 2 - (box.x + box.w / 2) * k, y: h / 2 - (box.y + box.h / 2) * k });
  }

  zoomBy(factor: number, cx?: number, cy?: number): void {
    const { w, h } = this.size();
    const px = cx ?? w / 2;
    const py = cy ?? h / 2;
    const k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, this.t.k * factor));
    const f = k / this.t.k;
    this.setTransform({ k, x: px - (px - this.t.x) * f, y: py - (py - this.t.y) * f });
  }

  panBy(dx: number, dy: number): void {
    this.setTransform({ k: this.t.k, x: this.t.x + dx, y: this.t.y + dy });
  }

  private describedKey: string | undefined;
  private describedBy = '';

  /** The item the hover card describes gets aria-describedby (kept across DOM rebuilds). */
  describe(key: string | undefined, cardId: string): void {
    if (this.describedKey) this.elements.get(this.describedKey)?.removeAttribute('aria-describedby');
    this.describedKey = key;
    this.describedBy = cardId;
    if (key) this.elements.get(key)?.setAttribute('aria-describedby', cardId);
  }

  select(key: string | undefined): void {
    if (this.selectedKey) this.elements.get(this.selectedKey)?.classList.remove('selected');
    this.selectedKey = key;
    if (key) this.elements.get(key)?.classList.add('selected');
  }

  /** DOM element of an item if it is currently rendered (tests and focus). */
  element(key: string): SVGGElement | undefined {
    return this.elements.get(key);
  }

  focusItem(key: string): void {
    this.flush();
    this.elements.get(key)?.focus({ preventScroll: true });
  }

  /** Renders now instead of on the next animation frame. */
  flush(): void {
    if (this.frame) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
    this.render();
  }

  private needsRebuild = false;

  private invalidate(rebuild: boolean): void {
    this.needsRebuild ||= rebuild;
    if (!this.frame) this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    this.world.setAttribute('transform', `translate(${this.t.x},${this.t.y}) scale(${this.t.k})`);
    const s = this.scene;
    if (!s) return;
    const { w, h } = this.size();
    const vx0 = -this.t.x / this.t.k;
    const vy0 = -this.t.y / this.t.k;
    const vx1 = vx0 + w / this.t.k;
    const vy1 = vy0 + h / this.t.k;
    const lod = lodFor(this.t.k);
    const r = this.rendered;
    if (!this.needsRebuild && r && r.lod.level === lod.level && r.lod.k === lod.k && vx0 >= r.x0 && vy0 >= r.y0 && vx1 <= r.x1 && vy1 <= r.y1) return;
    this.needsRebuild = false;
    // Render half a viewport of margin on each side so small pans need no rebuild.
    const mx = (vx1 - vx0) / 2;
    const my = (vy1 - vy0) / 2;
    const rect = { x0: vx0 - mx, y0: vy0 - my, x1: vx1 + mx, y1: vy1 + my, lod };
    this.root.dataset.lod = lod.level;
    this.rendered = rect;
    this.build(s, rect);
  }

  /** Time of the last DOM rebuild and how many boxes it drew (for the benchmark). */
  lastBuild = { ms: 0, boxes: 0, edges: 0 };

  private build(s: Scene, r: { x0: number; y0: number; x1: number; y1: number; lod: Lod }): void {
    this.renderCount++;
    const t0 = performance.now();
    const active = document.activeElement;
    const activeKey = active instanceof SVGGElement ? active.dataset.key : undefined;
    this.elements.clear();
    const bg = document.createDocumentFragment();
    const items = document.createDocumentFragment();
    const edges = document.createDocumentFragment();
    for (const b of s.boxes) {
      if (b.x > r.x1 || b.y > r.y1 || b.x + b.w < r.x0 || b.y + b.h < r.y0) continue;
      const el = this.boxElement(b, r.lod);
      (b.expanded ? bg : items).appendChild(el);
      this.elements.set(b.key, el);
    }
    for (const e of s.edges) {
      if (e.minX > r.x1 || e.minY > r.y1 || e.maxX < r.x0 || e.maxY < r.y0) continue;
      const d = e.points.map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`).join(' ');
      const path = svg('path', { d, class: e.count > 1 ? 'edge multi' : 'edge', 'marker-end': 'url(#arrow)' });
      if (e.count > 1) path.setAttribute('stroke-width', String(Math.min(1 + Math.log2(e.count), 5)));
      path.dataset.from = e.from;
      path.dataset.to = e.to;
      // Native tooltip with the tensor name (text only, like every model string).
      if (e.tensor && r.lod.level !== 'none') {
        const title = svg('title');
        title.textContent = e.count > 1 ? `${e.tensor} (${e.count} connections)` : e.tensor;
        path.appendChild(title);
      }
      edges.appendChild(path);
    }
    this.layerBg.replaceChildren(bg);
    this.layerEdges.replaceChildren(edges);
    this.layerItems.replaceChildren(items);
    if (this.selectedKey) this.elements.get(this.selectedKey)?.classList.add('selected');
    if (this.describedKey) this.elements.get(this.describedKey)?.setAttribute('aria-describedby', this.describedBy);
    if (activeKey) this.elements.get(activeKey)?.focus({ preventScroll: true });
    this.lastBuild = { ms: performance.now() - t0, boxes: this.elements.size, edges: this.layerEdges.childElementCount };
    this.root.dataset.lastBuild = `${this.lastBuild.ms.toFixed(1)}ms ${this.lastBuild.boxes} boxes ${this.lastBuild.edges} edges`;
  }

  private boxElement(b: SceneBox, lod: Lod): SVGGElement {
    const d = this.cb.decorate(b);
    const labels = lod.level === 'detail';
    const g = svg('g', { class: `item ${b.kind} ${b.expanded ? 'expanded' : 'collapsed'} ${d.classes}`, transform: `translate(${b.x},${b.y})`, tabindex: 0, role: 'button' });
    g.dataset.key = b.key;
    if (b.kind === 'node') g.dataset.node = String(b.nodeIndex);
    else if (b.kind === 'group') {
      g.dataset.group = b.groupId;
      g.setAttribute('aria-expanded', String(b.expanded));
    } else g.dataset.io = String(b.ioIndex);
    g.setAttribute('aria-label', d.ariaLabel);
    // The spill badge's place is decided first: labels in its rows are elided before it, never under it.
    const badge = d.spillBadge ? badgeGeometry(d.spillBadge, b, lod) : undefined;
    /** Width left for a label at x whose baseline is at y in type of `size`, clear of the badge. */
    const room = (x: number, y: number, size: number): number => {
      const clear = badge && y + 0.3 * size > badge.y && y - size < badge.y + badge.h ? badge.x - 4 : b.w - 4;
      return Math.floor((clear - x) / (size * GLYPH_BOLD));
    };
    const fitted = (s: string, x: number, y: number, size: number, headShare = 0.7) => (badge ? elideMiddle(s, room(x, y, size), headShare) : s);
    if (b.expanded) {
      g.appendChild(svg('rect', { class: 'group-bg', width: b.w, height: b.h, rx: 6 }));
      const header = svg('rect', { class: 'group-header', width: b.w, height: 22, rx: 6 });
      g.appendChild(header);
      if (labels) g.appendChild(text(fitted(`▾ ${d.title}  ${d.subtitle}`, 8, 15, 12, 0.85), 8, 15, 'label title'));
    } else if (b.kind === 'input' || b.kind === 'output') {
      // Graph boundary: a pill, tensor name over its type.
      g.appendChild(svg('rect', { class: 'box', width: b.w, height: b.h, rx: b.h / 2 }));
      if (labels) {
        g.appendChild(text(d.title, 16, 14, 'label title'));
        g.appendChild(text(d.subtitle, 16, 28, 'label sub'));
      }
    } else {
      g.appendChild(svg('rect', { class: 'box', width: b.w, height: b.h, rx: b.kind === 'group' ? 6 : 3 }));
      if (b.kind === 'group') g.appendChild(svg('rect', { class: 'stack', x: 3, y: b.h, width: b.w - 6, height: 3 }));
      if (labels) {
        const ty = b.kind === 'group' ? 18 : 14;
        const sy = b.kind === 'group' ? 36 : 28;
        g.appendChild(text(fitted(b.kind === 'group' ? `▸ ${d.title}` : d.title, 8, ty, 12), 8, ty, 'label title'));
        g.appendChild(text(fitted(d.subtitle, 8, sy, 10.5), 8, sy, 'label sub'));
      }
    }
    if (lod.level === 'overview') {
      const io = b.kind === 'input' || b.kind === 'output';
      const title = b.expanded ? `▾ ${d.title}${d.brief ? `  ${d.brief}` : ''}` : d.title;
      g.append(...overviewText(title, b.expanded || io ? undefined : d.brief, b.w, b.expanded ? 22 : b.h, lod.k, io ? 14 : 9, badge));
    }
    if (d.spillBadge && badge) {
      if (!b.expanded) g.appendChild(svg('rect', { class: 'spill-strip', x: 1, y: 1, width: 6, height: b.h - 2 }));
      const m = svg('g', { class: 'spill-marker', transform: `translate(${badge.x},${badge.y}) scale(${badge.scale})` });
      m.appendChild(svg('rect', { class: 'badge', width: badge.w0, height: 16, rx: 8 }));
      if (lod.level !== 'none') m.appendChild(text(d.spillBadge, badge.w0 / 2, 12, 'spill-text'));
      g.appendChild(m);
    }
    return g;
  }

  private boxAt(target: EventTarget | null): SceneBox | undefined {
    const el = (target as Element | null)?.closest?.('g.item') as SVGGElement | null;
    const key = el?.dataset.key;
    return key ? this.scene?.byKey.get(key) : undefined;
  }

  private bindEvents(): void {
    let drag: { x: number; y: number; moved: boolean } | undefined;
    this.root.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      drag = { x: e.clientX, y: e.clientY, moved: false };
    });
    window.addEventListener('pointermove', (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      drag.moved = true;
      drag.x = e.clientX;
      drag.y = e.clientY;
      this.root.classList.add('panning');
      this.panBy(dx, dy);
    });
    window.addEventListener('pointerup', () => {
      this.root.classList.remove('panning');
      setTimeout(() => (drag = undefined), 0);
    });
    this.root.addEventListener('click', (e) => {
      if (drag?.moved) return;
      const b = this.boxAt(e.target);
      if (!b) return;
      // On an expanded group only the header toggles it (clicks inside reach its children).
      if (b.expanded) {
        const local = (e.clientY - this.root.getBoundingClientRect().top - this.t.y) / this.t.k - b.y;
        if (local > 22) return;
      }
      this.cb.onActivate(b, 'click');
    });
    this.root.addEventListener('wheel', (e) => {
      e.preventDefault();
      const rect = this.root.getBoundingClientRect();
      if (e.ctrlKey || !e.shiftKey) this.zoomBy(Math.exp(-e.deltaY * (e.ctrlKey ? 0.01 : 0.0015)), e.clientX - rect.left, e.clientY - rect.top);
      else this.panBy(-e.deltaX || -e.deltaY, 0);
    }, { passive: false });
    this.root.addEventListener('mouseover', (e) => {
      const b = this.boxAt(e.target);
      this.cb.onHover(b, e.clientX, e.clientY);
    });
    this.root.addEventListener('mouseleave', () => this.cb.onHover(undefined, 0, 0));
    this.root.addEventListener('focusin', (e) => {
      const b = this.boxAt(e.target);
      if (!b) return;
      this.ensureVisible(b);
      this.cb.onFocusItem(b);
    });
    this.root.addEventListener('keydown', (e) => {
      const step = 60;
      const b = this.boxAt(e.target);
      switch (e.key) {
        case 'ArrowLeft': this.panBy(step, 0); break;
        case 'ArrowRight': this.panBy(-step, 0); break;
        case 'ArrowUp': this.panBy(0, step); break;
        case 'ArrowDown': this.panBy(0, -step); break;
        case '+': case '=': this.zoomBy(1.25); break;
        case '-': case '_': this.zoomBy(0.8); break;
        case '0': case 'f': this.fit(); break;
        case '1': this.actualSize(); break;
        case 'Enter': case ' ':
          if (!b) return;
          this.cb.onActivate(b, 'key');
          break;
        case '*':
          if (!b) return;
          this.cb.onExpandAll(b);
          break;
        case 'Escape': case 'Backspace':
          if (!b) return;
          this.cb.onCollapseParent(b);
          break;
        default: return;
      }
      e.preventDefault();
    });
  }

  private ensureVisible(b: SceneBox): void {
    const { w, h } = this.size();
    const sx = b.x * this.t.k + this.t.x;
    const sy = b.y * this.t.k + this.t.y;
    const inside = sx >= 0 && sy >= 0 && sx + b.w * this.t.k <= w && sy + Math.min(b.h, 60) * this.t.k <= h;
    if (!inside) this.centerOn(b, this.t.k);
  }
}

/**
 * The overview's label: the title and, where the box has room for a second line in type that still
 * reads (>= 9 px on screen), the brief (a group's share) under it; each line elided in the middle to the
 * box's width. Type aims at OVERVIEW_PX on screen, as large as the box allows.
 */
function overviewText(title: string, brief: string | undefined, w: number, h: number, k: number, x: number, badge?: BadgeGeometry): SVGTextElement[] {
  const fit = (n: number) => Math.min(OVERVIEW_PX / k, (h - 4) / (n * 1.18));
  const lines = brief && fit(2) * k >= 9 ? [title, brief] : [title];
  const size = fit(lines.length);
  const chars = Math.floor((w - x - 6) / (size * GLYPH));
  if (chars < 3 || size * k < 5) return [];
  const top = (h - lines.length * size * 1.18) / 2;
  return lines.flatMap((line, i) => {
    const y = top + size * (1.18 * i + 0.92);
    // A row the badge reaches into ends before the badge (bold type, so a wider glyph estimate).
    const underBadge = badge && y + 0.3 * size > badge.y && y - size < badge.y + badge.h;
    const n = underBadge ? Math.min(chars, Math.floor((badge.x - 4 / k - x) / (size * GLYPH_BOLD))) : chars;
    if (n < 3) return [];
    const t = text(elideMiddle(line, n, 0.7), x, y, `label ${i === 0 ? 'title' : 'sub'} lod`);
    t.setAttribute('font-size', size.toFixed(1));
    return [t];
  });
}

interface BadgeGeometry {
  /** Top-left corner and on-canvas size, in the box's coordinates. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** Unscaled width and the scale it is drawn at. */
  w0: number;
  scale: number;
}

/**
 * The spill badge: at the box's top-right, straddling its top edge (inside the header of an open group, so it
 * stays clear of the parent's labels). Zoomed out it grows so its count still reads (up to 2.5x, never wider
 * than the box).
 */
function badgeGeometry(label: string, b: SceneBox, lod: Lod): BadgeGeometry {
  const w0 = Math.round(label.length * 6.6 + 12);
  const sc = lod.level === 'overview' ? Math.min(OVERVIEW_PX / 11 / lod.k, 2.5, (b.w * 0.45) / w0) : 1;
  const scale = Math.max(sc, 1);
  return { x: b.w - (w0 + 4) * scale, y: b.expanded ? 3 : -8 * scale, w: w0 * scale, h: 16 * scale, w0, scale };
}

function text(content: string, x: number, y: number, cls: string): SVGTextElement {
  const t = svg('text', { x, y, class: cls });
  t.textContent = content;
  return t;
}

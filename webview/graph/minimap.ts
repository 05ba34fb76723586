// Minimap: every box of the scene drawn small on a canvas (cheap even for thousands), the viewport
// as a rectangle; click or drag to move the view there.
import type { Scene } from './scene';
import type { ViewTransform } from './graphView';

const W = 180;
const H = 130;

export class Minimap {
  readonly root: HTMLCanvasElement;
  private scene: Scene | undefined;
  private scale = 1;
  private ox = 0;
  private oy = 0;
  private colors = { box: '#888', spill: '#e51400', view: '#0078d4', bg: 'transparent', group: '#666', io: '#3794ff' };

  constructor(
    private readonly isSpill: (key: string) => boolean,
    private readonly view: () => { t: ViewTransform; w: number; h: number },
    private readonly moveTo: (worldX: number, worldY: number) => void,
  ) {
    this.root = document.createElement('canvas');
    this.root.className = 'minimap';
    this.root.width = W * devicePixelRatio;
    this.root.height = H * devicePixelRatio;
    this.root.setAttribute('aria-hidden', 'true');
    let down = false;
    const go = (e: PointerEvent) => {
      const r = this.root.getBoundingClientRect();
      this.moveTo((e.clientX - r.left - this.ox) / this.scale, (e.clientY - r.top - this.oy) / this.scale);
    };
    this.root.addEventListener('pointerdown', (e) => {
      down = true;
      this.root.setPointerCapture(e.pointerId);
      go(e);
      e.stopPropagation();
    });
    this.root.addEventListener('pointermove', (e) => down && go(e));
    this.root.addEventListener('pointerup', () => (down = false));
  }

  /** Reads theme colours (called on theme change too). */
  readTheme(): void {
    const cs = getComputedStyle(document.body);
    const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
    this.colors = {
      box: v('--vscode-editorLineNumber-foreground', '#888'),
      group: v('--vscode-descriptionForeground', '#666'),
      spill: v('--vscode-errorForeground', '#e51400'),
      view: v('--vscode-focusBorder', '#0078d4'),
      bg: v('--vscode-editorWidget-background', 'transparent'),
      io: v('--vscode-charts-blue', v('--vscode-focusBorder', '#3794ff')),
    };
  }

  setScene(scene: Scene): void {
    this.scene = scene;
    this.scale = Math.min(W / Math.max(scene.width, 1), H / Math.max(scene.height, 1));
    this.ox = (W - scene.width * this.scale) / 2;
    this.oy = (H - scene.height * this.scale) / 2;
    this.draw();
  }

  draw(): void {
    const ctx = this.root.getContext('2d');
    const s = this.scene;
    if (!ctx || !s) return;
    ctx.setTransform(devicePixelRatio, 0, 0, devicePixelRatio, 0, 0);
    ctx.clearRect(0, 0, W, H);
    const k = this.scale;
    for (const b of s.boxes) {
      const x = this.ox + b.x * k;
      const y = this.oy + b.y * k;
      if (b.expanded) {
        ctx.strokeStyle = this.colors.group;
        ctx.lineWidth = 0.5;
        ctx.strokeRect(x, y, b.w * k, b.h * k);
      } else {
        // Graph inputs/outputs in the accent of their pills (main.css), so the ends of the model show.
        const io = b.kind === 'input' || b.kind === 'output';
        ctx.fillStyle = io ? this.colors.io : this.isSpill(b.key) ? this.colors.spill : this.colors.box;
        ctx.fillRect(x, y, Math.max(b.w * k, 1), Math.max(b.h * k, 1));
      }
    }
    const { t, w, h } = this.view();
    ctx.strokeStyle = this.colors.view;
    ctx.lineWidth = 1.5;
    ctx.strokeRect(this.ox + (-t.x / t.k) * k, this.oy + (-t.y / t.k) * k, (w / t.k) * k, (h / t.k) * k);
  }
}

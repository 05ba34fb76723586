// Side panel: hardware preset and what-if inputs, totals, overlay mode, regex search with jump, and the
// top-layers table. Controls come from webview/ui/toolkit.ts; model strings are set as text only.
import type { CompactGraph, HardwareChoice, ViewCost, WhatIf } from '../../src/core/view/protocol';
import { formatBytes, formatCount, formatMs } from '../../src/core/view/format';
import type { OverlayMode } from '../graph/overlay';
import * as ui from '../ui/toolkit';
import { bandwidthText, parseWhatIf, sramText } from '../../src/core/view/panelInputs';
import { elideMiddle } from '../../src/core/view/elide';

export { searchNodes } from '../../src/core/view/panelInputs';

export type TopSort = 'latency' | 'ddr';

export interface SidePanelCallbacks {
  onWhatIf(w: WhatIf): void;
  onReveal(nodeIndex: number): void;
  onMode(mode: OverlayMode): void;
  onTopSort(sort: TopSort): void;
  onSearch(query: string): void;
}

const TOP_ROWS = 25;
const SEARCH_ROWS = 200;
/** Characters of a layer name that fit the Top layers column (55% of the 330 px panel at 12 px). */
const TOP_NAME_CHARS = 26;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export class SidePanel {
  readonly root: HTMLElement;
  private presetEl: HTMLElement;
  private sramEl: HTMLElement;
  private bwEl: HTMLElement;
  private macsEl: HTMLElement;
  private whatIfError: HTMLElement;
  private totalsEl: HTMLElement;
  private topBody: HTMLTableSectionElement;
  private searchEl: HTMLElement;
  private searchInfo: HTMLElement;
  private searchList: HTMLOListElement;
  private sortButtons: Record<TopSort, HTMLButtonElement>;
  private presets: HardwareChoice[];
  private presetDetail: HTMLElement;
  private results: number[] = [];
  private resultPos = -1;

  constructor(
    private readonly graph: CompactGraph,
    presets: HardwareChoice[],
    whatIf: WhatIf,
    mode: OverlayMode,
    private sort: TopSort,
    private readonly cb: SidePanelCallbacks,
  ) {
    ui.registerToolkit();
    this.root = el('aside', 'side-panel');
    this.root.setAttribute('aria-label', 'Profiler panel');

    const hw = el('section', 'panel-section');
    hw.appendChild(el('h2', undefined, 'Hardware'));
    const choices = presets.map((p) => ({ value: p.id, label: p.label }));
    this.presetEl = ui.dropdown('preset', 'Preset', choices, whatIf.preset, () => this.applyWhatIf());
    this.presets = presets;
    this.presetDetail = el('div', 'hint preset-detail', presets.find((p) => p.id === whatIf.preset)?.detail ?? '');
    const presetDetail = this.presetDetail;
    // The CLI's units (`--sram 7MB`, `384KiB`; `--ddr 12GB/s`): one reading of a size everywhere.
    this.sramEl = ui.textField('sram', 'SRAM (e.g. 7MB, 384KiB)', sramText(whatIf.sramBytes), 'preset', () => this.applyWhatIf());
    this.bwEl = ui.textField('bandwidth', 'DDR bandwidth (e.g. 12GB/s)', bandwidthText(whatIf.ddrBytesPerS), 'preset', () => this.applyWhatIf());
    this.macsEl = ui.textField('macs', 'MACs', whatIf.macs ? String(whatIf.macs) : '', 'preset', () => this.applyWhatIf());
    this.whatIfError = el('div', 'error-text');
    const buttons = el('div', 'button-row');
    buttons.append(
      ui.button('Apply', () => this.applyWhatIf(), 'primary'),
      ui.button('Reset to preset', () => {
        for (const f of [this.sramEl, this.bwEl, this.macsEl]) ui.setTextField(f, '');
        this.applyWhatIf();
      }),
    );
    hw.append(this.presetEl, presetDetail, this.sramEl, this.bwEl, this.macsEl, this.whatIfError, buttons);
    this.presetEl.addEventListener('change', () => this.showPresetDetail(this.currentPreset()));

    const totals = el('section', 'panel-section');
    totals.appendChild(el('h2', undefined, 'Totals'));
    this.totalsEl = el('dl', 'totals');
    totals.appendChild(this.totalsEl);

    const overlay = el('section', 'panel-section');
    overlay.appendChild(ui.radios('Colour nodes by', [
      { value: 'heat', label: 'Latency share' }, { value: 'bound', label: 'Bound' },
    ], mode, (v) => this.cb.onMode(v === 'bound' ? 'bound' : 'heat')));

    const search = el('section', 'panel-section');
    search.appendChild(el('h2', undefined, 'Search'));
    this.searchEl = ui.textField('search', 'Name or op (regex)', '', 'e.g. attn1/.*MatMul', (v) => this.cb.onSearch(v));
    this.searchEl.addEventListener('input', () => this.cb.onSearch(ui.textFieldValue(this.searchEl)));
    this.searchEl.addEventListener('keydown', (e) => {
      if ((e).key === 'Enter') this.jump((e).shiftKey ? -1 : 1);
    });
    const nav = el('div', 'button-row');
    nav.append(ui.button('Previous', () => this.jump(-1)), ui.button('Next', () => this.jump(1)));
    this.searchInfo = el('div', 'hint search-info');
    this.searchList = el('ol', 'result-list');
    search.append(this.searchEl, nav, this.searchInfo, this.searchList);

    const top = el('section', 'panel-section');
    top.appendChild(el('h2', undefined, 'Top layers'));
    const table = el('table', 'top-layers');
    const head = el('thead');
    const hr = el('tr');
    const sortBtn = (s: TopSort, label: string) => {
      const b = el('button', 'sort', label);
      b.type = 'button';
      b.addEventListener('click', () => {
        this.sort = s;
        this.cb.onTopSort(s);
      });
      return b;
    };
    this.sortButtons = { latency: sortBtn('latency', 'Latency'), ddr: sortBtn('ddr', 'DDR bytes') };
    const th = (c: Node | string) => {
      const t = el('th');
      t.append(c);
      return t;
    };
    hr.append(th('Layer'), th(this.sortButtons.latency), th(this.sortButtons.ddr));
    head.appendChild(hr);
    this.topBody = el('tbody');
    table.append(head, this.topBody);
    top.appendChild(table);

    this.root.append(hw, ui.divider(), totals, ui.divider(), overlay, ui.divider(), search, ui.divider(), top);
  }

  private currentPreset(): string {
    const dd = this.presetEl.querySelector<HTMLElement & { value: string }>('vscode-dropdown');
    return dd?.value ?? '';
  }

  private applyWhatIf(): void {
    const r = parseWhatIf(this.currentPreset(), ui.textFieldValue(this.sramEl), ui.textFieldValue(this.bwEl), ui.textFieldValue(this.macsEl));
    this.whatIfError.textContent = r.error ?? '';
    if (!r.error) this.cb.onWhatIf(r.whatIf);
  }

  private showPresetDetail(id: string): void {
    this.presetDetail.textContent = this.presets.find((p) => p.id === id)?.detail ?? '';
    this.presetDetail.dataset.preset = id;
  }

  /** The host's what-if (a palette preset change, a settings edit): dropdown, the line under it and the fields together. */
  setWhatIf(w: WhatIf): void {
    ui.setDropdownValue(this.presetEl, w.preset);
    this.showPresetDetail(w.preset);
    ui.setTextField(this.sramEl, sramText(w.sramBytes));
    ui.setTextField(this.bwEl, bandwidthText(w.ddrBytesPerS));
    ui.setTextField(this.macsEl, w.macs ? String(w.macs) : '');
  }

  setCost(cost: ViewCost | undefined): void {
    const rows: Array<[string, string]> = cost
      ? [
          ['Hardware', `${cost.hardware}${cost.hardwareSummary ? ` — ${cost.hardwareSummary}` : ''}`],
          ['Latency', formatMs(cost.totals.latencyMs)],
          ...(cost.uncosted
            ? ([['Not costed', `${cost.uncosted.count} of ${cost.uncosted.of} layers not costed`], ['Throughput', 'not known (layers not costed)']] as Array<[string, string]>)
            : ([['Throughput', `${cost.totals.throughputPerS.toFixed(2)} /s`]] as Array<[string, string]>)),
          ['MACs', formatCount(cost.totals.macCount)],
          ['DDR traffic', formatBytes(cost.totals.ddrBytes)],
          ['Spilling layers', String(cost.totals.spillCount)],
        ]
      : [['Cost', 'not available']];
    this.totalsEl.replaceChildren(
      ...rows.flatMap(([k, v]) => {
        const dd = el('dd', undefined, v);
        dd.dataset.total = k.toLowerCase().replace(/\s+/g, '-');
        return [el('dt', undefined, k), dd];
      }),
    );
    this.renderTop(cost);
  }

  private renderTop(cost: ViewCost | undefined): void {
    this.sortButtons.latency.setAttribute('aria-pressed', String(this.sort === 'latency'));
    this.sortButtons.ddr.setAttribute('aria-pressed', String(this.sort === 'ddr'));
    if (!cost) {
      this.topBody.replaceChildren();
      return;
    }
    const ddr = (i: number) => cost.nodes[i].ddrReadBytes + cost.nodes[i].ddrWriteBytes;
    const idx = cost.nodes.map((_, i) => i);
    idx.sort(this.sort === 'latency' ? (a, b) => cost.nodes[b].latencyMs - cost.nodes[a].latencyMs : (a, b) => ddr(b) - ddr(a));
    this.topBody.replaceChildren(
      ...idx.slice(0, TOP_ROWS).filter((i) => i < this.graph.nodes.length).map((i) => {
        const tr = el('tr', cost.nodes[i].spill ? 'spill' : undefined);
        tr.tabIndex = 0;
        tr.dataset.node = String(i);
        const name = el('td', 'layer-name');
        // The middle goes: a name's start says where it is, its end which layer (`…/resnets.0/conv2/Conv`).
        name.textContent = `${cost.nodes[i].spill ? '⚠ ' : ''}${elideMiddle(this.graph.nodes[i].name, TOP_NAME_CHARS, 0.4)}`;
        name.title = `${this.graph.nodes[i].opType} ${this.graph.nodes[i].name}`;
        name.setAttribute('aria-label', `${this.graph.nodes[i].opType} ${this.graph.nodes[i].name}${cost.nodes[i].spill ? ', spills' : ''}`);
        tr.append(name, el('td', 'num', formatMs(cost.nodes[i].latencyMs)), el('td', 'num', formatBytes(ddr(i))));
        const go = () => this.cb.onReveal(i);
        tr.addEventListener('click', go);
        tr.addEventListener('keydown', (e) => e.key === 'Enter' && go());
        return tr;
      }),
    );
  }

  refreshTop(cost: ViewCost | undefined): void {
    this.renderTop(cost);
  }

  setSearchResults(results: number[], error: string | undefined): void {
    this.results = results;
    this.resultPos = -1;
    this.searchInfo.textContent = error ?? (results.length ? `${results.length} match${results.length === 1 ? '' : 'es'} — Enter jumps to the next` : 'no match');
    this.searchList.replaceChildren(
      ...results.slice(0, SEARCH_ROWS).map((i, k) => {
        const li = el('li');
        li.tabIndex = 0;
        li.dataset.node = String(i);
        li.textContent = `${this.graph.nodes[i].opType} — ${this.graph.nodes[i].name}`;
        const go = () => {
          this.resultPos = k;
          this.cb.onReveal(i);
        };
        li.addEventListener('click', go);
        li.addEventListener('keydown', (e) => e.key === 'Enter' && go());
        return li;
      }),
    );
  }

  private jump(dir: 1 | -1): void {
    if (this.results.length === 0) return;
    this.resultPos = (this.resultPos + dir + this.results.length) % this.results.length;
    this.searchInfo.textContent = `${this.resultPos + 1} of ${this.results.length}`;
    this.cb.onReveal(this.results[this.resultPos]);
  }
}


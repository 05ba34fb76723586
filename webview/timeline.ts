// Named moments of an editor open (epoch ms, comparable with the host's Date.now()), published on
// #app as data-timeline for bench/editor.bench.ts: where the time to first paint goes.
import type { TimelineMark } from '../src/core/view/protocol';

/** Set by the bundle's first line (scripts/build.mjs banner). */
declare const __bundleStartMs: number | undefined;

const marks: TimelineMark[] = typeof __bundleStartMs === 'number' ? [['webview: bundle start', __bundleStartMs]] : [];

export function mark(label: string): void {
  marks.push([label, Math.round(performance.timeOrigin + performance.now())]);
}

/** Host marks (from `init`) and this webview's, in time order, as JSON on the element. */
export function publishTimeline(el: HTMLElement, host: TimelineMark[] = []): void {
  el.dataset.timeline = JSON.stringify([...host, ...marks].sort((a, b) => a[1] - b[1]));
}

// A one-line progress bar on stderr, drawn only when stderr is a terminal (pipes and CI logs get nothing extra).
import type { CliIO } from './io';

const WIDTH = 24;

export interface Progress {
  update(done: number, total: number, label: string): void;
  /** Clears the bar (call before printing results). */
  end(): Promise<void>;
}

export function progressBar(io: CliIO): Progress {
  if (!io.errIsTTY) return { update: () => undefined, end: async () => undefined };
  let drawn = false;
  let last = 0;
  return {
    update(done, total, label) {
      const now = Date.now();
      if (done < total && now - last < 50) return; // at most 20 redraws a second
      last = now;
      const f = total > 0 ? Math.min(1, done / total) : 0;
      const fill = Math.round(f * WIDTH);
      void io.err(`\r\x1b[2K[${'#'.repeat(fill)}${'.'.repeat(WIDTH - fill)}] ${String(Math.round(f * 100)).padStart(3)}% ${label.slice(0, 50)}`);
      drawn = true;
    },
    async end() {
      if (drawn) await io.err('\r\x1b[2K');
      drawn = false;
    },
  };
}

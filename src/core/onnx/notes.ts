// Collects the reader's non-fatal findings. Repeated findings of one kind are folded into a few examples plus a
// count, so a model with 700 odd tensors yields three lines, not 700.

const EXAMPLES = 3;

export class Notes {
  private readonly onceKeys = new Set<string>();
  private readonly lines: string[] = [];
  private readonly kinds = new Map<string, { examples: string[]; total: number; distinct: Map<string, number> }>();

  /** A finding reported at most once per key. */
  once(key: string, message: string): void {
    if (this.onceKeys.has(key)) return;
    this.onceKeys.add(key);
    this.lines.push(message);
  }

  /** A finding that may repeat: identical messages are counted, the first few distinct ones are kept. */
  count(kind: string, message: string): void {
    let k = this.kinds.get(kind);
    if (!k) {
      k = { examples: [], total: 0, distinct: new Map() };
      this.kinds.set(kind, k);
    }
    k.total++;
    const n = k.distinct.get(message);
    if (n !== undefined) k.distinct.set(message, n + 1);
    else if (k.distinct.size < (kind === 'unknown' ? 10 : EXAMPLES)) k.distinct.set(message, 1);
  }

  add(message: string): void {
    this.lines.push(message);
  }

  finish(): string[] {
    const out = [...this.lines];
    for (const [kind, k] of this.kinds) {
      const shown = [...k.distinct.entries()].map(([m, n]) => (n > 1 ? `${m} (x${n})` : m));
      const shownTotal = [...k.distinct.values()].reduce((a, b) => a + b, 0);
      const rest = k.total - shownTotal;
      const prefix = kind === 'unknown' ? 'skipped fields this reader does not know: ' : '';
      if (kind === 'unknown') out.push(prefix + shown.join(', ') + (rest > 0 ? `, and ${rest} more` : ''));
      else {
        out.push(...shown);
        if (rest > 0) out.push(`...and ${rest} more like the above`);
      }
    }
    return out;
  }
}

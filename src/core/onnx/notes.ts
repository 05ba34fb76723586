// Collects the reader's non-fatal findings. Repeated findings of one kind are folded into a few examples plus a
// count, so a model with 700 odd tensors yields three lines, not 700. Findings are logged and only folded at the
// end, so the reader can take back those of a message it decodes again (see mark/rollback).

const EXAMPLES = 3;
const UNKNOWN_EXAMPLES = 10;

interface Entry {
  type: 'once' | 'count' | 'add';
  key: string;
  message: string;
}

export class Notes {
  private readonly log: Entry[] = [];

  /** A finding reported at most once per key. */
  once(key: string, message: string): void {
    this.log.push({ type: 'once', key, message });
  }

  /** A finding that may repeat: identical messages are counted, the first few distinct ones are kept. */
  count(kind: string, message: string): void {
    this.log.push({ type: 'count', key: kind, message });
  }

  add(message: string): void {
    this.log.push({ type: 'add', key: '', message });
  }

  mark(): number {
    return this.log.length;
  }

  /** Forgets everything noted since mark() (the message is being decoded again from its start). */
  rollback(mark: number): void {
    this.log.length = mark;
  }

  finish(): string[] {
    const out: string[] = [];
    const onceKeys = new Set<string>();
    const kinds = new Map<string, { total: number; distinct: Map<string, number> }>();
    for (const e of this.log) {
      if (e.type === 'add') out.push(e.message);
      else if (e.type === 'once') {
        if (!onceKeys.has(e.key)) out.push(e.message);
        onceKeys.add(e.key);
      } else {
        let k = kinds.get(e.key);
        if (!k) kinds.set(e.key, (k = { total: 0, distinct: new Map() }));
        k.total++;
        const n = k.distinct.get(e.message);
        if (n !== undefined) k.distinct.set(e.message, n + 1);
        else if (k.distinct.size < (e.key === 'unknown' ? UNKNOWN_EXAMPLES : EXAMPLES)) k.distinct.set(e.message, 1);
      }
    }
    for (const [kind, k] of kinds) {
      const shown = [...k.distinct.entries()].map(([m, n]) => (n > 1 ? `${m} (x${n})` : m));
      const rest = k.total - [...k.distinct.values()].reduce((a, b) => a + b, 0);
      if (kind === 'unknown') out.push('skipped fields this reader does not know: ' + shown.join(', ') + (rest > 0 ? `, and ${rest} more` : ''));
      else {
        out.push(...shown);
        if (rest > 0) out.push(`...and ${rest} more like the above`);
      }
    }
    return out;
  }
}

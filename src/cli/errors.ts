// Every failure of a subcommand as one line on stderr, never a stack trace. Bad input of any kind (a bad argument,
// an unreadable or invalid model, an unknown preset, a shape-inference bug on this model) exits 2; only a tripped
// --fail-if-* gate exits 1 (see gates.ts).

/** A bad command-line argument or value; `arg` names it. */
export class ArgError extends Error {
  override readonly name = 'ArgError';
}

export const EXIT_OK = 0;
export const EXIT_GATE = 1;
export const EXIT_BAD_INPUT = 2;

/** Typed errors whose message already names the file, argument, node or tensor (by class name, so every layer's errors map without imports). */
const KNOWN = new Set([
  'ArgError', 'ProfileInputError', 'OnnxReadError', 'HardwareConfigError', 'UnitError', 'BindingError', 'ModelIndexError',
  'ModelError', 'ModelStructureError', 'ModelLimitError', 'ShapeInternalError',
]);

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The line to print for an error thrown by a subcommand. */
export function errorLine(e: unknown): string {
  if (!(e instanceof Error)) return `internal error: ${oneLine(String(e))}`;
  const name = e.name || e.constructor?.name;
  const off = e as Error & { offset?: number; fieldPath?: string };
  if (name === 'OnnxReadError' && off.fieldPath) return `${oneLine(e.message)} [at byte ${off.offset}, ${off.fieldPath}]`;
  if (KNOWN.has(name) || KNOWN.has(e.constructor?.name ?? '')) return oneLine(e.message);
  if (name === 'RangeError' || name === 'BindingError') return oneLine(e.message);
  // Anything else is a bug in this tool, on this input: still one line, named as such.
  return `internal error (${name}): ${oneLine(e.message)}; please report this input`;
}

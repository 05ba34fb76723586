// The few assertions the web-host suites need (Node's `assert` does not exist in the web extension host).
export class AssertionError extends Error {
  override name = 'AssertionError';
}

export function ok(value: unknown, message = 'expected a truthy value'): asserts value {
  if (!value) throw new AssertionError(message);
}

export function strictEqual<T>(actual: unknown, expected: T, message?: string): asserts actual is T {
  if (!Object.is(actual, expected)) throw new AssertionError(message ?? `expected ${show(expected)}, got ${show(actual)}`);
}

export function deepStrictEqual(actual: unknown, expected: unknown, message?: string): void {
  if (show(actual) !== show(expected)) throw new AssertionError(message ?? `expected ${show(expected)}, got ${show(actual)}`);
}

export function match(text: string, re: RegExp, message?: string): void {
  if (!re.test(text)) throw new AssertionError(message ?? `${show(text)} does not match ${re}`);
}

export async function rejects(promise: Promise<unknown>, check: (err: Error) => boolean): Promise<void> {
  let threw = false;
  try {
    await promise;
  } catch (err) {
    threw = true;
    ok(check(err as Error), `rejection did not pass the check: ${String(err)}`);
  }
  if (!threw) throw new AssertionError('expected a rejection, the promise resolved');
}

function show(v: unknown): string {
  return JSON.stringify(v) ?? String(v);
}

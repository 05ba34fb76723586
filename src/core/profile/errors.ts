// Bad input to the profiling entry point (a missing file, a folder without model_index.json, an unknown preset, a bad
// range): the front ends show `message` as one line (the CLI exits 2). `subject` names the file or argument.
export class ProfileInputError extends Error {
  override readonly name = 'ProfileInputError';
  constructor(
    readonly subject: string,
    detail: string,
  ) {
    super(`${subject}: ${detail}`);
  }
}

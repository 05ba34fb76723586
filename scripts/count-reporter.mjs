// node:test reporter that writes {passed, failed, skipped, skips} to the file given as its destination (used next
// to the spec reporter so scripts/test-all.mjs can total every layer); `skips` lists {name, file, reason} for each
// skipped test, and `fileMs` the summed duration of each file's top-level tests (the fast layer balances its
// shards with it). Suites are not counted.
export default async function* countReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0, skips: [], fileMs: {} };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const d = event.data;
    if (d.nesting === 0 && d.file) counts.fileMs[d.file] = (counts.fileMs[d.file] ?? 0) + (d.details?.duration_ms ?? 0);
    if (d.details?.type === 'suite') {
      // A suite fails on its own only when a hook failed: count that once so it is not hidden.
      if (event.type === 'test:fail' && d.details?.error?.failureType === 'hookFailed') counts.failed++;
      continue;
    }
    if (d.skip !== undefined || d.todo !== undefined) {
      counts.skipped++;
      const reason = d.skip !== undefined ? d.skip : d.todo;
      counts.skips.push({ name: d.name, file: d.file, reason: typeof reason === 'string' ? reason : '' });
    } else if (event.type === 'test:pass') counts.passed++;
    else counts.failed++;
  }
  yield JSON.stringify(counts) + '\n';
}

// node:test reporter that writes {passed, failed, skipped} to the file given as its destination
// (used next to the spec reporter so scripts/test-all.mjs can total every layer). Suites are not counted.
export default async function* countReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const d = event.data;
    if (d.details?.type === 'suite') {
      // A suite fails on its own only when a hook failed: count that once so it is not hidden.
      if (event.type === 'test:fail' && d.details?.error?.failureType === 'hookFailed') counts.failed++;
      continue;
    }
    if (d.skip !== undefined || d.todo !== undefined) counts.skipped++;
    else if (event.type === 'test:pass') counts.passed++;
    else counts.failed++;
  }
  yield JSON.stringify(counts) + '\n';
}

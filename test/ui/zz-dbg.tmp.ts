import { makeTestWorkspace } from '/work/main/test/web/fixtures';
import { launchWorkbench, openFile, waitForWorkbench, screenshot } from '/work/main/test/ui/harness';
(async () => {
  const ws = makeTestWorkspace();
  const wb = await launchWorkbench({ folderPath: ws.dir, verbose: true });
  await waitForWorkbench(wb.page);
  console.log('workbench up');
  await openFile(wb.page, ws.files.good);
  for (let i = 0; i < 12; i++) { await wb.page.waitForTimeout(5000); console.log(i, wb.page.frames().map((f) => f.name()).join(',')); }
  for (const f of wb.page.frames()) console.log('FRAME', JSON.stringify(f.name()), f.url().slice(0, 150));
  await screenshot(wb.page, 'dbg');
  await wb.close();
})();

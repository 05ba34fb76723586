// The core profiling entry point's file access (ProfileFiles) over vscode.workspace.fs, paths being URI strings,
// so the palette commands profile files of any file system (local, vscode-test-web, vscode.dev, remote) the way
// the editors open them: models through the host's OpenModelSource (ranged reads for local files in the desktop
// host, the in-memory size limit elsewhere).
import * as vscode from 'vscode';
import type { ProfileFiles } from '../core/profile';
import type { OpenModelSource } from './modelSource';

export function uriFiles(open: OpenModelSource): ProfileFiles {
  const uri = (path: string) => vscode.Uri.parse(path, true);
  return {
    async kind(path) {
      try {
        const st = await vscode.workspace.fs.stat(uri(path));
        return st.type & vscode.FileType.Directory ? 'directory' : st.type & vscode.FileType.File ? 'file' : undefined;
      } catch {
        return undefined;
      }
    },
    async readText(path) {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri(path)));
    },
    async openModel(path) {
      const m = await open(uri(path));
      return { source: m.source, external: m.external, close: () => m.close() };
    },
    join(dir, rel) {
      return vscode.Uri.joinPath(uri(dir), ...rel.split('/').filter(Boolean)).toString();
    },
    dirname(path) {
      return vscode.Uri.joinPath(uri(path), '..').toString();
    },
    basename(path) {
      const p = uri(path).path.replace(/\/+$/, '');
      return p.slice(p.lastIndexOf('/') + 1);
    },
  };
}

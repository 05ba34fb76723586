// The open documents of one custom-editor provider, by URI. A document removes only its own entry on dispose, so a
// newer document for the same URI (closed and reopened while the old one was still being disposed) keeps its entry.
import type * as vscode from 'vscode';

export class DocumentCache<D> {
  private readonly byUri = new Map<string, D>();

  /** Makes the document for `uri` (given the callback it must call on dispose) and caches it under the URI. */
  open(uri: vscode.Uri, make: (onDispose: (doc: D) => void) => D): D {
    const key = uri.toString();
    const document = make((doc) => {
      if (this.byUri.get(key) === doc) this.byUri.delete(key);
    });
    this.byUri.set(key, document);
    return document;
  }

  get(uri: vscode.Uri): D | undefined {
    return this.byUri.get(uri.toString());
  }

  get size(): number {
    return this.byUri.size;
  }

  values(): IterableIterator<D> {
    return this.byUri.values();
  }
}

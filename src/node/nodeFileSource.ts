// Node-only ByteSource over a file handle: positional reads, with a small page cache so the reader's many
// short reads (field headers between skipped payloads) cost one syscall per page, not one per read.
import { readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { ByteSource } from '../core/onnx/byteSource';

const PAGE = 16 * 1024;
const MAX_PAGES = 256;

export interface FileByteSource extends ByteSource {
  close(): Promise<void>;
}

export interface FileSourceOptions {
  /** Name used in errors (default: the path). */
  name?: string;
  /**
   * Serve reads with synchronous pread on the handle's descriptor instead of FileHandle.read. Each read of a
   * cached page is then microseconds instead of a thread-pool round trip; right for the CLI, while the extension
   * host keeps the default (never block its event loop on a slow disk).
   */
  syncReads?: boolean;
}

export async function openFileSource(path: string, opts: FileSourceOptions | string = {}): Promise<FileByteSource> {
  const o: FileSourceOptions = typeof opts === 'string' ? { name: opts } : opts;
  const fh = await open(path, 'r');
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new Error(`${path} is not a regular file`);
    return new PagedFileSource(fh, o.name ?? path, st.size, o.syncReads ?? false);
  } catch (e) {
    await fh.close();
    throw e;
  }
}

class PagedFileSource implements FileByteSource {
  /** Page index -> bytes, in least-recently-used order (Map keeps insertion order). */
  private readonly pages = new Map<number, Uint8Array>();

  constructor(
    private readonly fh: FileHandle,
    readonly name: string,
    readonly size: number,
    private readonly syncReads: boolean,
  ) {}

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (!(offset >= 0 && length >= 0 && offset + length <= this.size)) {
      throw new RangeError(`read [${offset}, +${length}) outside ${this.name} (${this.size} bytes)`);
    }
    const first = Math.floor(offset / PAGE);
    const last = Math.floor((offset + length - 1) / PAGE);
    if (length === 0) return new Uint8Array(0);
    if (first === last) {
      const page = await this.page(first);
      const at = offset - first * PAGE;
      return page.subarray(at, at + length);
    }
    if (last - first >= 4) return this.readDirect(offset, length);
    await this.loadPages(first, last);
    const out = new Uint8Array(length);
    for (let p = first; p <= last; p++) {
      const page = await this.page(p);
      const pageStart = p * PAGE;
      const from = Math.max(offset, pageStart);
      const to = Math.min(offset + length, pageStart + page.byteLength);
      out.set(page.subarray(from - pageStart, to - pageStart), from - offset);
    }
    return out;
  }

  async close(): Promise<void> {
    this.pages.clear();
    await this.fh.close();
  }

  private async page(index: number): Promise<Uint8Array> {
    const hit = this.pages.get(index);
    if (hit) {
      this.pages.delete(index);
      this.pages.set(index, hit);
      return hit;
    }
    const start = index * PAGE;
    const bytes = await this.readDirect(start, Math.min(PAGE, this.size - start));
    this.pages.set(index, bytes);
    if (this.pages.size > MAX_PAGES) this.pages.delete(this.pages.keys().next().value!);
    return bytes;
  }

  /** Reads the missing pages among first..last with one read: each awaited read is a thread-pool round trip. */
  private async loadPages(first: number, last: number): Promise<void> {
    let lo = first;
    while (lo <= last && this.pages.has(lo)) lo++;
    let hi = last;
    while (hi > lo && this.pages.has(hi)) hi--;
    if (lo > hi) return;
    const start = lo * PAGE;
    const bytes = await this.readDirect(start, Math.min((hi + 1) * PAGE, this.size) - start);
    for (let p = lo; p <= hi; p++) {
      if (this.pages.has(p)) continue;
      this.pages.set(p, bytes.subarray((p - lo) * PAGE, (p - lo + 1) * PAGE));
      if (this.pages.size > MAX_PAGES) this.pages.delete(this.pages.keys().next().value!);
    }
  }

  private async readDirect(offset: number, length: number): Promise<Uint8Array> {
    const buf = Buffer.allocUnsafe(length); // a Buffer, so the reader can decode strings in place
    let done = 0;
    while (done < length) {
      const bytesRead = this.syncReads
        ? readSync(this.fh.fd, buf, done, length - done, offset + done)
        : (await this.fh.read(buf, done, length - done, offset + done)).bytesRead;
      if (bytesRead === 0) throw new Error(`${this.name} ended at byte ${offset + done} (it was ${this.size} bytes when opened)`);
      done += bytesRead;
    }
    return buf;
  }
}

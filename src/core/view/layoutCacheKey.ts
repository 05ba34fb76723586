// Laid-out levels of a model are kept between opens, keyed by what the layout depends on: the graph as
// the editor sees it (its wire bytes: names, ops, scopes, types) and the layout code's version (options,
// item sizes). A changed file, or a new layout rule, never paints from an old picture. Pure.
import type { GroupLayoutResultLike } from './wireLayout';

/** Bump when elkjs options, item sizes or the hierarchy rules change. */
export const LAYOUT_VERSION = 'v3-fold-lod';

/** Two FNV-1a 32-bit hashes (different seeds) of the bytes, as 16 hex digits, with the version and length. */
export function layoutCacheKey(bytes: Uint8Array): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i], 0x01000193);
    b = Math.imul(b ^ bytes[i], 0x01000193) ^ (b >>> 13);
  }
  const hex = (x: number) => (x >>> 0).toString(16).padStart(8, '0');
  return `${LAYOUT_VERSION}:${bytes.length}:${hex(a)}${hex(b)}`;
}

export type { GroupLayoutResultLike };

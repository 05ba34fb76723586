// Shortening long model strings for a fixed width: the middle goes, both ends stay (a shape's start and
// a layer name's distinguishing end both survive). The full text is always in a tooltip or the card.

/**
 * "abcdefghij", 7 -> "abc…hij"; text within `max` characters is returned as is. `headShare` of the kept
 * characters come from the start (layer names keep more of their end, 0.4: the end tells layers apart).
 */
export function elideMiddle(text: string, max: number, headShare = 0.5): string {
  if (max < 3 || text.length <= max) return text.length <= max ? text : text.slice(0, Math.max(0, max));
  const keep = max - 1;
  const head = Math.ceil(keep * headShare);
  const tail = keep - head;
  return `${text.slice(0, head)}…${tail > 0 ? text.slice(text.length - tail) : ''}`;
}

/** As many characters as fit in `widthPx` at an average glyph width of `charPx`. */
export function charsFor(widthPx: number, charPx: number): number {
  return Math.max(0, Math.floor(widthPx / charPx));
}

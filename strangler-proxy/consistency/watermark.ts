/**
 * A client's read-your-writes watermark (docs/read-your-writes.md): per upstream that took one of
 * its writes, the head of that upstream's change log read after the write was answered. A read by
 * the client may be served by the other side only once that side has applied the upstream's
 * stream through the position.
 */
export interface WatermarkEntry {
  /** The stream the upstream's database writes, e.g. `CDC_MONOLITH`. */
  stream: string;
  /** The log head after the write; UNKNOWN_POSITION when it could not be read. */
  position: number;
}

/** Upstream name → entry. */
export type Watermark = Readonly<Record<string, WatermarkEntry>>;

/**
 * The head could not be read after a write: no side but the one that took it can be shown to have
 * it, so the client's reads go there until the watermark expires (or a later write's head replaces it).
 */
export const UNKNOWN_POSITION = Number.MAX_SAFE_INTEGER;

/**
 * Both watermarks' entries, the higher position of each upstream. Heads only grow, so the higher one
 * is the later reading, at or above every earlier write's changes (an unknown one is highest).
 */
export function mergeWatermarks(a: Watermark | undefined, b: Watermark | undefined): Watermark | undefined {
  if (!a) return b;
  if (!b) return a;
  const merged: Record<string, WatermarkEntry> = { ...a };
  for (const [upstream, entry] of Object.entries(b)) {
    const mine = merged[upstream];
    if (!mine || mine.stream !== entry.stream || entry.position > mine.position) merged[upstream] = entry;
  }
  return merged;
}

/** `watermark` with the upstream's entry set to the newest reading (a known head replaces an unknown one: it was read later). */
export function withEntry(watermark: Watermark | undefined, upstream: string, entry: WatermarkEntry): Watermark {
  return { ...watermark, [upstream]: entry };
}

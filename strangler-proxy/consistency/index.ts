/** Read-your-writes across the migration (docs/read-your-writes.md). */
export { ReadYourWrites } from "./read-your-writes";
export type { ReadYourWritesOptions } from "./read-your-writes";
export { consistentSide } from "./consistent-side";
export type { ConsistencyQuestion, ConsistencyAnswer, AppliedView, Side } from "./consistent-side";
export { WatermarkCookie } from "./watermark-cookie";
export { WatermarkStore } from "./watermark-store";
export { mergeWatermarks, withEntry, UNKNOWN_POSITION } from "./watermark";
export type { Watermark, WatermarkEntry } from "./watermark";
export { FreshRead } from "./fresh-read";

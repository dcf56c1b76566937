import type { DataSource } from "typeorm";
import { writeItemChanges } from "../../../cdc/testing";

/**
 * Writes changes at a steady `perSecond` for `seconds`: every tick it commits the changes that
 * are due since the start, so short stalls are caught up instead of lowering the rate.
 */
export async function writeSteadily(db: DataSource, options: { perSecond: number; seconds: number; keys: number; firstId: number }): Promise<number> {
  const started = Date.now();
  let written = 0;
  for (;;) {
    const elapsed = Date.now() - started;
    if (elapsed >= options.seconds * 1000) return written;
    const due = Math.floor((elapsed / 1000) * options.perSecond) - written;
    if (due > 0) {
      await writeItemChanges(db, { count: due, keys: options.keys, firstId: options.firstId, perTransaction: due, label: `steady${written}` });
      written += due;
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

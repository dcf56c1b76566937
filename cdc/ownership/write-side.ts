import type { DataSource } from "typeorm";

/**
 * One side of a write-ownership move: a database with change capture and a consumer of the other
 * side's stream, and the tables whose writes move between the two sides (same names on both).
 */
export interface WriteSide {
  /** The capture source name of this database (`_strangler_capture_context.source`), e.g. `monolith`. */
  name: string;
  db: DataSource;
  /** The moved tables as this database names them. */
  tables: readonly string[];
  /**
   * This database's relay progress: every change at or below the position it resolves with was
   * acknowledged by the broker (e.g. `publishedThroughOf(progressFile, name)`, read from the relay's progress
   * file). Without it, `DrainStatus.unpublished` is null.
   */
  publishedThrough?: () => Promise<number>;
}

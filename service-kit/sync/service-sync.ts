import type { MigrationInterface } from "typeorm";
import type { BackfillTable, KeyValue, Mapping, VerifiedTable } from "../../cdc";

/** The source name of the monolith's change log (its stream is `CDC_MONOLITH`) and the origin of its writes. */
export const MONOLITH_SOURCE = "monolith";

/**
 * What a service tells the kit about its sync, in `extracted/<name>/sync/`: everything else (the
 * consumers, the relay, backfill, verify, repair, the write path, the CLI commands) is the kit's.
 *
 * Conventions the kit relies on (docs/adding-an-extracted-service.md):
 * - every moved table keeps the monolith's primary key `id` in a `legacy_id` column;
 * - the service's change log source is its name (stream `CDC_<NAME>`), and its writes' origin too;
 * - its consumers are `<name>-from-monolith` (forward) and `monolith-from-<name>` (reverse).
 */
export interface ServiceSync {
  /** The folder's name under `extracted/`: source name of its change log, origin of its writes. */
  service: string;
  /** The proxy route group whose writes it can own (`strangler cutover <group>`). */
  writeGroup: string;
  /** The tables whose writes move with the group, named alike in both databases. */
  movedTables: readonly string[];
  /** Monolith → service: the mapping the consumer, the backfill and repair use, and what verify compares. */
  forward: {
    mapping: Mapping;
    /** The monolith tables the backfill copies, in order (parents first). */
    backfillTables: readonly BackfillTable[];
    verifiedTables: readonly VerifiedTable[];
  };
  /** Service → monolith, applied only while the service owns the group. */
  reverse: {
    mapping: Mapping;
    /** The service's primary key of a monolith row (`legacyId` = its `id` there), for repairs into the monolith. */
    serviceKeyOf(table: string, legacyId: KeyValue): Record<string, unknown>;
  };
  /** The service's migrations inside the monolith's database (the reverse consumer's tables), in their own migrations table. */
  inMonolith: { migrations: ReadonlyArray<new () => MigrationInterface>; migrationsTable: string };
  /**
   * How the service's own SQLite file is checkpointed by the forward consumer and the backfill
   * (defaults: every 200 ms on a thread of its own, and past 10,000 pages in commits).
   */
  wal?: { checkpointEveryMs: number; autocheckpointPages: number };
}

/** The forward consumer's durable name: `<service>-from-monolith`. */
export const forwardDurable = (sync: Pick<ServiceSync, "service">): string => `${sync.service}-from-monolith`;
/** The reverse consumer's durable name: `monolith-from-<service>`. */
export const reverseDurable = (sync: Pick<ServiceSync, "service">): string => `monolith-from-${sync.service}`;

/**
 * The service's database is its own and the forward consumer its main writer: checkpointing every
 * 1000 pages (SQLite's default) inside its commits wrote the same hot pages back and synced the file
 * every few batches, on the thread that applies the changes. So a PASSIVE checkpoint runs every
 * 200 ms on a thread of its own, and commits checkpoint only past 10,000 pages (about 40 MB).
 */
export const SERVICE_SYNC_WAL = Object.freeze({ checkpointEveryMs: 200, autocheckpointPages: 10_000 });

export const walOf = (sync: ServiceSync): { checkpointEveryMs: number; autocheckpointPages: number } => sync.wal ?? SERVICE_SYNC_WAL;

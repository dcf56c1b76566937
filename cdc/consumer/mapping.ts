import type { EntityManager } from "typeorm";
import type { ChangeEvent, Row } from "../../contracts";

/**
 * How the rows of one source table become rows of the target schema. Both functions run inside
 * the consumer's target transaction: use `tx` (an EntityManager) for every read and write.
 * Inserts and updates of the source row both arrive as `upsert` with the full new row.
 */
export interface TableMapping<TRow extends Row = Row, TKey extends Row = Row> {
  upsert(row: TRow, tx: EntityManager, change: ChangeEvent): Promise<void>;
  delete(key: TKey, tx: EntityManager, change: ChangeEvent): Promise<void>;
}

/** Mapping per source table name; tables without an entry are not followed by this consumer. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Mapping = Record<string, TableMapping<any, any>>;

/** Identity helpers that keep the row types of each table checked by the compiler. */
export function defineMapping<M extends Mapping>(mapping: M): M {
  return mapping;
}

export function tableMapping<TRow extends Row, TKey extends Row = Row>(mapping: TableMapping<TRow, TKey>): TableMapping<TRow, TKey> {
  return mapping;
}

import { Column, Entity, PrimaryColumn } from "typeorm";

/** `applied`: its lines changed stock; `reverted`: put back (or refused for good before it ever applied). */
export type StockMovementState = "applied" | "reverted";

/** One line of a movement: units added (positive) or taken (negative) of one product. */
export interface StockMovementLine {
  productId: number;
  delta: number;
}

/**
 * A stock change made once per idempotency key (`POST /inventory/movements`): a caller that retries
 * with the same key gets the first answer instead of a second change. A reverted key stays, so a
 * late retry of the original request cannot take the stock again.
 */
@Entity({ name: "stock_movements" })
export class StockMovement {
  @PrimaryColumn("varchar", { length: 128 })
  key!: string;

  /** JSON array of StockMovementLine, as requested (empty for a key reverted before it applied). */
  @Column("text")
  lines!: string;

  @Column("varchar", { length: 16 })
  state!: StockMovementState;

  @Column("varchar", { name: "created_at", length: 24 })
  createdAt!: string;

  @Column("varchar", { name: "reverted_at", length: 24, nullable: true })
  revertedAt!: string | null;
}

import { Column, Entity, PrimaryColumn } from "typeorm";

export type OrderStatus = "placed" | "cancelled";

/**
 * An order: its own id, the monolith's id beside it, the total as integer minor units of a
 * currency. The customer is referenced by the monolith's id (customers stay in the monolith).
 */
@Entity({ name: "orders" })
export class Order {
  @PrimaryColumn("varchar", { length: 36 })
  id!: string;

  @Column("integer", { name: "legacy_id", unique: true })
  legacyId!: number;

  @Column("integer", { name: "customer_legacy_id" })
  customerLegacyId!: number;

  @Column("varchar", { length: 16 })
  status!: OrderStatus;

  @Column("integer", { name: "total_minor" })
  totalMinor!: number;

  @Column("varchar", { length: 3 })
  currency!: string;

  @Column("varchar", { name: "created_at", length: 24 })
  createdAt!: string;

  @Column("varchar", { name: "updated_at", length: 24 })
  updatedAt!: string;
}

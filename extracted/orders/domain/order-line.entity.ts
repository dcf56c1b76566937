import { Column, Entity, PrimaryColumn } from "typeorm";

/** One product of an order, its unit price as minor units of a currency, snapshotted when the order was placed. */
@Entity({ name: "order_lines" })
export class OrderLine {
  @PrimaryColumn("varchar", { length: 36 })
  id!: string;

  @Column("integer", { name: "legacy_id", unique: true })
  legacyId!: number;

  @Column("integer", { name: "order_legacy_id" })
  orderLegacyId!: number;

  @Column("integer", { name: "product_legacy_id" })
  productLegacyId!: number;

  @Column("integer")
  quantity!: number;

  @Column("integer", { name: "unit_price_minor" })
  unitPriceMinor!: number;

  @Column("varchar", { length: 3 })
  currency!: string;
}

import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** One product of an order, with its unit price snapshotted when the order was placed. */
@Entity({ name: "order_lines" })
export class OrderLine {
  @PrimaryGeneratedColumn({ type: "integer" })
  id!: number;

  @Column("integer", { name: "order_id" })
  orderId!: number;

  @Column("integer", { name: "product_id" })
  productId!: number;

  @Column("integer")
  quantity!: number;

  @Column("integer", { name: "unit_price_cents" })
  unitPriceCents!: number;
}

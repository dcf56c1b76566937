import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

export type OrderStatus = "placed" | "cancelled";

/** A customer's order; `total_cents` is the sum of its lines at the prices of the moment it was placed. */
@Entity({ name: "orders" })
export class Order {
  @PrimaryGeneratedColumn({ type: "integer" })
  id!: number;

  @Column("integer", { name: "customer_id" })
  customerId!: number;

  @Column("varchar", { length: 16 })
  status!: OrderStatus;

  @Column("integer", { name: "total_cents" })
  totalCents!: number;

  @Column("varchar", { name: "created_at", length: 24 })
  createdAt!: string;

  @Column("varchar", { name: "updated_at", length: 24 })
  updatedAt!: string;
}

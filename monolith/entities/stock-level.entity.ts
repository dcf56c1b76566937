import { Column, Entity, PrimaryColumn } from "typeorm";

/** Units on hand for one product; the table's CHECK keeps it at zero or above. */
@Entity({ name: "stock_levels" })
export class StockLevel {
  @PrimaryColumn("integer", { name: "product_id" })
  productId!: number;

  @Column("integer")
  quantity!: number;

  @Column("varchar", { name: "updated_at", length: 24 })
  updatedAt!: string;
}

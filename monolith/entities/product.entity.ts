import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** A sellable product. Prices are integer cents; inactive products stay listed but cannot be ordered. */
@Entity({ name: "products" })
export class Product {
  @PrimaryGeneratedColumn({ type: "integer" })
  id!: number;

  @Column("varchar", { length: 64, unique: true })
  sku!: string;

  @Column("varchar", { length: 200 })
  name!: string;

  @Column("text")
  description!: string;

  @Column("integer", { name: "price_cents" })
  priceCents!: number;

  @Column("integer", { name: "category_id" })
  categoryId!: number;

  @Column("boolean")
  active!: boolean;

  @Column("varchar", { name: "created_at", length: 24 })
  createdAt!: string;

  @Column("varchar", { name: "updated_at", length: 24 })
  updatedAt!: string;
}

import { Column, Entity, PrimaryColumn } from "typeorm";

/**
 * A catalog product: its own id, the monolith's id beside it, the price as integer minor units of
 * a currency. Stock is not here (inventory stays in the monolith). The category is referenced by
 * its legacy id, with no foreign key, because sync may deliver a product before its category.
 */
@Entity({ name: "products" })
export class Product {
  @PrimaryColumn("varchar", { length: 36 })
  id!: string;

  @Column("integer", { name: "legacy_id", unique: true })
  legacyId!: number;

  @Column("varchar", { length: 64 })
  sku!: string;

  @Column("varchar", { length: 200 })
  name!: string;

  @Column("text")
  description!: string;

  @Column("integer", { name: "price_minor" })
  priceMinor!: number;

  @Column("varchar", { length: 3 })
  currency!: string;

  @Column("integer", { name: "category_legacy_id" })
  categoryLegacyId!: number;

  @Column("boolean")
  active!: boolean;

  @Column("varchar", { name: "created_at", length: 24 })
  createdAt!: string;

  @Column("varchar", { name: "updated_at", length: 24 })
  updatedAt!: string;
}

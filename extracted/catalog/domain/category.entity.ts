import { Column, Entity, PrimaryColumn } from "typeorm";

/** A catalog category: its own id, the monolith's id beside it, a URL slug. */
@Entity({ name: "categories" })
export class Category {
  @PrimaryColumn("varchar", { length: 36 })
  id!: string;

  @Column("integer", { name: "legacy_id", unique: true })
  legacyId!: number;

  @Column("varchar", { length: 80 })
  slug!: string;

  @Column("varchar", { length: 200 })
  name!: string;

  @Column("varchar", { name: "created_at", length: 24 })
  createdAt!: string;

  @Column("varchar", { name: "updated_at", length: 24 })
  updatedAt!: string;
}

import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** A catalog category; `slug` is its stable, URL-safe name. */
@Entity({ name: "categories" })
export class Category {
  @PrimaryGeneratedColumn({ type: "integer" })
  id!: number;

  @Column("varchar", { length: 80, unique: true })
  slug!: string;

  @Column("varchar", { length: 200 })
  name!: string;

  @Column("varchar", { name: "created_at", length: 24 })
  createdAt!: string;

  @Column("varchar", { name: "updated_at", length: 24 })
  updatedAt!: string;
}

import { Column, Entity, PrimaryColumn } from "typeorm";

/** How often a (generalised) path differed for a route. */
@Entity({ name: "shadow_diff_paths" })
export class DiffPathCountRecord {
  @PrimaryColumn("varchar", { name: "route_id", length: 200 })
  routeId!: string;

  @PrimaryColumn("varchar", { length: 1000 })
  path!: string;

  @Column("integer")
  count!: number;
}

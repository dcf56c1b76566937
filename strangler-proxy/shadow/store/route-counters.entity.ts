import { Column, Entity, PrimaryColumn } from "typeorm";

/** A route's shadow counters since its report was last reset. */
@Entity({ name: "shadow_counters" })
export class RouteCountersRecord {
  @PrimaryColumn("varchar", { name: "route_id", length: 200 })
  routeId!: string;

  @Column("integer")
  matched!: number;

  @Column("integer")
  mismatched!: number;

  @Column("integer")
  errored!: number;

  @Column("integer")
  skipped!: number;

  @Column("integer")
  noise!: number;

  /** JSON `{reason: count}`. */
  @Column("text", { name: "skipped_by" })
  skippedBy!: string;

  /** JSON array of generalised paths learned as noise. */
  @Column("text", { name: "noisy_paths" })
  noisyPaths!: string;

  @Column("varchar", { name: "updated_at", length: 40 })
  updatedAt!: string;
}

import { Column, Entity, PrimaryColumn } from "typeorm";

/** The lease of a fenced route group: the fence holds while its holder renews it before `expiresAt`. */
@Entity("fence_leases")
export class FenceLeaseRecord {
  @PrimaryColumn("varchar", { length: 200 })
  group!: string;

  /** Who holds the fence (a cut-over names itself; an operator's call is `admin:<actor>`). */
  @Column("varchar", { length: 200 })
  holder!: string;

  @Column("varchar", { length: 1000, nullable: true })
  reason!: string | null;

  /** The routes fenced under this lease, comma-separated (route ids are `[a-z0-9-]+`). */
  @Column("varchar", { name: "route_ids", length: 4000 })
  routeIds!: string;

  /** When the fence went on (kept across renewals). */
  @Column("varchar", { name: "fenced_at", length: 40 })
  fencedAt!: string;

  @Column("varchar", { name: "renewed_at", length: 40 })
  renewedAt!: string;

  /** ISO time after which the host lifts the fence unless the holder renewed it. */
  @Column("varchar", { name: "expires_at", length: 40 })
  expiresAt!: string;
}

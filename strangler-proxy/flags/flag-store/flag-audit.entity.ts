import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** One change of a route's stage: who, when, from what to what, and why. */
@Entity("flag_audit")
export class FlagAuditRecord {
  @PrimaryGeneratedColumn("increment")
  id!: number;

  @Column("varchar", { length: 40 })
  at!: string;

  @Column("varchar", { length: 200 })
  actor!: string;

  @Column("varchar", { name: "source_address", length: 100, nullable: true })
  sourceAddress!: string | null;

  @Column("varchar", { name: "route_id", length: 200 })
  routeId!: string;

  /** The flag names written, comma-separated. */
  @Column("varchar", { length: 500 })
  flags!: string;

  @Column("varchar", { name: "from_stage", length: 40 })
  fromStage!: string;

  @Column("varchar", { name: "to_stage", length: 40 })
  toStage!: string;

  @Column("varchar", { length: 1000, nullable: true })
  reason!: string | null;

  @Column("varchar", { name: "request_id", length: 128, nullable: true })
  requestId!: string | null;
}

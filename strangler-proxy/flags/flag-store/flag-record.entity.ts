import { Column, Entity, PrimaryColumn } from "typeorm";

/** One flag of the embedded store, in the shape the Unleash client API serves. */
@Entity("flags")
export class FlagRecord {
  @PrimaryColumn("varchar", { length: 200 })
  name!: string;

  @Column("boolean")
  enabled!: boolean;

  /** Percentage for the flexibleRollout strategy (100 = everyone). */
  @Column("integer")
  rollout!: number;

  @Column("varchar", { name: "updated_at", length: 40 })
  updatedAt!: string;
}

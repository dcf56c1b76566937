import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** One shadow comparison that did not match (or errored), with both answers truncated. */
@Entity({ name: "shadow_mismatches" })
export class MismatchRecord {
  @PrimaryGeneratedColumn("increment")
  id!: number;

  @Column("varchar", { name: "route_id", length: 200 })
  routeId!: string;

  @Column("varchar", { length: 40 })
  at!: string;

  /** `mismatch` or `errored`. */
  @Column("varchar", { length: 20 })
  outcome!: string;

  @Column("varchar", { name: "request_id", length: 200 })
  requestId!: string;

  @Column("varchar", { length: 10 })
  method!: string;

  @Column("varchar", { length: 2000 })
  path!: string;

  /** JSON array of `{path, primary, candidate}`. */
  @Column("text")
  differences!: string;

  /** JSON `{status, headers, body}` (body truncated). */
  @Column("text", { name: "primary_response" })
  primaryResponse!: string;

  @Column("text", { name: "candidate_response" })
  candidateResponse!: string;
}

import { Column, Entity, PrimaryColumn } from "typeorm";

/**
 * The replica of one of the shop's login sessions (docs/orders.md, "The session bridge"): the
 * SHA-256 of the cookie token, whose customer it is and until when. Written only by sync.
 */
@Entity({ name: "customer_sessions" })
export class CustomerSession {
  @PrimaryColumn("integer", { name: "legacy_id" })
  legacyId!: number;

  @Column("varchar", { name: "token_hash", length: 64 })
  tokenHash!: string;

  @Column("integer", { name: "customer_legacy_id" })
  customerLegacyId!: number;

  @Column("varchar", { name: "expires_at", length: 24 })
  expiresAt!: string;
}

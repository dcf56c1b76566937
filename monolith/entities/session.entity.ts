import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** A login session. Only the SHA-256 of the cookie token is stored, so a leaked table opens no session. */
@Entity({ name: "sessions" })
export class Session {
  @PrimaryGeneratedColumn({ type: "integer" })
  id!: number;

  @Column("varchar", { name: "token_hash", length: 64, unique: true })
  tokenHash!: string;

  @Column("integer", { name: "customer_id" })
  customerId!: number;

  @Column("varchar", { name: "created_at", length: 24 })
  createdAt!: string;

  @Column("varchar", { name: "expires_at", length: 24 })
  expiresAt!: string;
}

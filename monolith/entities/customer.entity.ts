import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** A registered customer. `email` is stored lower-cased; the password only as a scrypt hash. */
@Entity({ name: "customers" })
export class Customer {
  @PrimaryGeneratedColumn({ type: "integer" })
  id!: number;

  @Column("varchar", { length: 254, unique: true })
  email!: string;

  @Column("varchar", { length: 200 })
  name!: string;

  @Column("varchar", { name: "password_hash", length: 200 })
  passwordHash!: string;

  @Column("varchar", { name: "created_at", length: 24 })
  createdAt!: string;

  @Column("varchar", { name: "updated_at", length: 24 })
  updatedAt!: string;
}

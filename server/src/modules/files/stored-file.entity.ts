import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// An uploaded image (bulletin illustration, feedback photo, offline-forward proof, activity photo) or
// an application's evidence (an image or a PDF). Bytes live in the storage backend under
// `storageKey`; they are served only through signed URLs.
@Entity('stored_file')
@Index('IDX_stored_file_ownerId', ['ownerId'])
export class StoredFile {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  ownerId: number;

  // FilePurpose from @wuzha/shared
  @Column({ type: 'varchar', length: 24 })
  purpose: string;

  @Column({ type: 'varchar', length: 32 })
  mime: string;

  @Column({ type: 'int' })
  size: number;

  @Column({ type: 'varchar', length: 64, charset: 'ascii' })
  sha256: string;

  @Column({ type: 'varchar', length: 128, charset: 'ascii' })
  storageKey: string;

  @Column({ type: 'datetime' })
  createdAt: Date;
}

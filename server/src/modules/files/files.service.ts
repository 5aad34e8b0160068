import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { FilePurpose, FileView } from '@wuzha/shared';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { toDbTime } from '../org/db-time';
import { UrlSigner } from '../../common/url-signer';
import { fileUrlSigner } from './file-signing';
import { FILE_STORAGE, FileStorage } from './file-storage';
import { sniffEvidence, sniffImage } from './image-sniff';
import { StoredFile } from './stored-file.entity';

export interface ServedFile {
  bytes: Buffer;
  mime: string;
  sha256: string;
  purpose: string;
  // seconds the response may be cached (until the URL expires)
  maxAge: number;
}

@Injectable()
export class FilesService {
  private readonly log = new Logger('FilesService');
  private readonly signer: UrlSigner;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {
    this.signer = fileUrlSigner(config.dataKey);
  }

  // Stores a file the caller uploaded; the type comes from the bytes, never from the client. Images
  // only, except evidence of an application, which may also be a PDF.
  async upload(ctx: AuthContext, purpose: FilePurpose, bytes: Buffer): Promise<FileView> {
    const mime = purpose === 'evidence' ? sniffEvidence(bytes) : sniffImage(bytes);
    if (!mime) throw new DomainError(purpose === 'evidence' ? 'FILE_NOT_EVIDENCE' : 'FILE_NOT_IMAGE');
    const now = toDbTime(this.clock.now());
    const month = now.toISOString().slice(0, 7).replace('-', '/');
    const storageKey = `${month}/${randomBytes(16).toString('hex')}`;
    await this.storage.put(storageKey, bytes);
    const row = this.ds.getRepository(StoredFile).create({
      ownerId: ctx.userId,
      purpose,
      mime,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      storageKey,
      createdAt: now,
    });
    try {
      await this.ds.getRepository(StoredFile).insert(row);
    } catch (err) {
      // no row, no bytes: an orphan file would never be served nor cleaned
      await this.storage.delete(storageKey).catch((e: Error) => this.log.warn(`could not delete orphan ${storageKey}: ${e.message}`));
      throw err;
    }
    return this.view(row);
  }

  // Bytes behind a signed URL; a bad, expired or foreign signature is indistinguishable from no file.
  async serve(id: number, exp: number, sig: string): Promise<ServedFile> {
    const now = this.clock.now();
    if (!this.signer.verify(id, exp, sig, now)) throw new DomainError('FILE_NOT_FOUND');
    const row = await this.ds.getRepository(StoredFile).findOneBy({ id });
    if (!row) throw new DomainError('FILE_NOT_FOUND');
    const bytes = await this.storage.get(row.storageKey);
    if (!bytes) throw new DomainError('FILE_NOT_FOUND');
    return { bytes, mime: row.mime, sha256: row.sha256, purpose: row.purpose, maxAge: Math.max(0, exp - Math.floor(now.getTime() / 1000)) };
  }

  // Raw bytes under a key the caller chose (e.g. content-addressed pledge signatures), without a
  // stored_file row: the caller's own record holds the key and the hash.
  putBytes(key: string, bytes: Buffer): Promise<void> {
    return this.storage.put(key, bytes);
  }

  // null when nothing is stored under the key
  getBytes(key: string): Promise<Buffer | null> {
    return this.storage.get(key);
  }

  // A URL anyone holding it may load until it expires (about a day).
  signedUrl(fileId: number): string {
    return this.signer.url(fileId, this.clock.now());
  }

  // The files, when every one belongs to the caller and was uploaded for this purpose; else FILE_NOT_FOUND.
  async requireOwnFiles(ctx: AuthContext, ids: readonly number[], purpose: FilePurpose, manager: EntityManager = this.ds.manager): Promise<StoredFile[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const rows = await manager.findBy(StoredFile, { id: In(unique), ownerId: ctx.userId, purpose });
    if (rows.length !== unique.length) throw new DomainError('FILE_NOT_FOUND');
    return rows;
  }

  view(row: StoredFile): FileView {
    return { id: row.id, url: this.signedUrl(row.id), mime: row.mime, size: row.size, purpose: row.purpose as FilePurpose };
  }
}

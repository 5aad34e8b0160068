// The handwritten signature PNG of a signed pledge, behind a signed link handed to its signer only:
// the mini program draws the signed pledge as a PNG from it (WeChat saves no SVG to the album).
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { UrlSigner } from '../../common/url-signer';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { FilesService } from '../files/files.service';
import { PledgeSignature } from './pledge-signature.entity';

// A key of its own (a pledge image link does not open the signature, nor the other way round);
// valid a week like the pledge image it goes with.
export function signaturePngSigner(dataKey: Buffer): UrlSigner {
  return new UrlSigner(dataKey, 'wuzha/pledge-signature-png/v1', (id) => `/api/pledge/signatures/${id}/signature.png`, 7 * 24 * 3600);
}

export interface SignatureFile {
  bytes: Buffer;
  sha256: string;
  // seconds until the link expires (the bytes never change: cache until then)
  maxAge: number;
}

@Injectable()
export class SignatureFileService {
  private readonly signer: UrlSigner;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(FilesService) private readonly files: FilesService,
  ) {
    this.signer = signaturePngSigner(config.dataKey);
  }

  // A bad, expired or foreign link, a missing record or missing bytes are all the same NOT_FOUND.
  async png(id: number, exp: number, sig: string): Promise<SignatureFile> {
    const now = this.clock.now();
    if (!this.signer.verify(id, exp, sig, now)) throw new DomainError('NOT_FOUND');
    const s = await this.ds.manager.findOne(PledgeSignature, { where: { id }, select: { id: true, imageKey: true, imageHash: true } });
    const bytes = s ? await this.files.getBytes(s.imageKey) : null;
    if (!s || !bytes) throw new DomainError('NOT_FOUND');
    return { bytes, sha256: s.imageHash, maxAge: Math.max(0, exp - Math.floor(now.getTime() / 1000)) };
  }
}

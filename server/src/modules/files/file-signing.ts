import { UrlSigner } from '../../common/url-signer';

// Image URLs: valid for at least 24 h.
export function fileUrlSigner(dataKey: Buffer): UrlSigner {
  return new UrlSigner(dataKey, 'wuzha/file-url/v1', (id) => `/api/files/${id}`, 24 * 3600);
}

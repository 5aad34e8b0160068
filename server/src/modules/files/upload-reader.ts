import type { FastifyRequest } from 'fastify';
import '@fastify/multipart';
import { MAX_UPLOAD_BYTES } from '@wuzha/shared';
import { DomainError } from '../../common/domain-error';

const fieldError = (message: string) => new DomainError('VALIDATION_FAILED', undefined, [{ path: 'file', message }]);

// Reads the one file of a multipart/form-data upload (field `file`) into memory: at most 5 MB, so a
// buffer is fine. Transport faults become DomainErrors (never a 500): not multipart → 415, too large
// → 413, malformed or missing → 400. `noun` names the upload in messages (图片, or 文件 for evidence).
export async function readUploadedFile(req: FastifyRequest, noun = '图片'): Promise<Buffer> {
  const tooLarge = () => new DomainError('FILE_TOO_LARGE', noun === '图片' ? undefined : `${noun}不能超过5MB`);
  if (!req.isMultipart()) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `请以 multipart/form-data 上传${noun}`);
  let buf: Buffer;
  try {
    const part = await req.file({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
    if (!part) throw fieldError(`请选择要上传的${noun}`);
    if (part.fieldname !== 'file') {
      part.file.resume();
      throw fieldError(`${noun}的字段名应为 file`);
    }
    buf = await part.toBuffer();
  } catch (err) {
    if (err instanceof DomainError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new DomainError('UNSUPPORTED_MEDIA_TYPE');
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw fieldError(`一次只能上传一${noun === '图片' ? '张' : '个'}${noun}`);
    // busboy's parse errors (truncated or malformed form): the client's fault
    throw fieldError('上传的内容不完整，请重试');
  }
  if (buf.length === 0) throw fieldError(`${noun}是空的`);
  if (buf.length > MAX_UPLOAD_BYTES) throw tooLarge();
  return buf;
}

import type { FastifyRequest } from 'fastify';
import '@fastify/multipart';
import { DomainError } from '../../common/domain-error';

// a 5,000-question workbook is about 1 MB
export const MAX_XLSX_BYTES = 10 * 1024 * 1024;
const TOO_LARGE = '表格文件不能超过10MB，请分成几个文件导入';
const fieldError = (message: string) => new DomainError('VALIDATION_FAILED', undefined, [{ path: 'file', message }]);

// Reads the one file of a multipart/form-data upload (field `file`) into memory, as upload-reader.ts
// does for images but with the workbook's own size cap. Transport faults become DomainErrors.
export async function readXlsxUpload(req: FastifyRequest): Promise<Buffer> {
  if (!req.isMultipart()) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传表格文件');
  let buf: Buffer;
  try {
    const part = await req.file({ limits: { fileSize: MAX_XLSX_BYTES, files: 1 } });
    if (!part) throw fieldError('请选择要导入的表格文件');
    if (part.fieldname !== 'file') {
      part.file.resume();
      throw fieldError('表格文件的字段名应为 file');
    }
    buf = await part.toBuffer();
  } catch (err) {
    if (err instanceof DomainError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new DomainError('FILE_TOO_LARGE', TOO_LARGE);
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new DomainError('UNSUPPORTED_MEDIA_TYPE');
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw fieldError('一次只能导入一个表格文件');
    throw fieldError('上传的内容不完整，请重试');
  }
  if (buf.length === 0) throw fieldError('表格文件是空的');
  if (buf.length > MAX_XLSX_BYTES) throw new DomainError('FILE_TOO_LARGE', TOO_LARGE);
  return buf;
}

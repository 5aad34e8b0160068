// Choosing and uploading photos (feedback, offline forwards, activities) and evidence files (images
// or PDFs of an application). Same code on weapp and H5: the pickers give temp paths (H5: blob: URLs)
// and Taro.uploadFile posts them as multipart with the field name "file", which is what POST /api/files reads.
import Taro from '@tarojs/taro'
import type { FilePurpose } from '@wuzha/shared/dist/enums'
import type { ApiResponse } from '@wuzha/shared/dist/api'
import { ApiError, NETWORK_ERROR_MESSAGE, apiUrl, refreshOnce } from './request'
import { getTokens } from './storage'

// The server's limit (MAX_UPLOAD_BYTES in the shared schemas; not imported: that would pull zod in).
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024
export const TOO_LARGE_MESSAGE = '这张图片超过5MB，请换一张，或截图后再上传'
export const FILE_TOO_LARGE_MESSAGE = '这个文件超过5MB，请换一个，或拍照、截图后再上传'

export type UploadedFile = ApiResponse<'files.upload'>

export interface PickedImage {
  path: string
  size: number
  name?: string
}

// Opens the album / camera. A cancel is not an error: it returns [].
export async function pickImages(count: number): Promise<PickedImage[]> {
  if (count <= 0) return []
  try {
    const r = await Taro.chooseImage({ count, sizeType: ['compressed'], sourceType: ['album', 'camera'] })
    const files = (r.tempFiles ?? []) as { path: string; size: number; originalFileObj?: { name?: string } }[]
    if (files.length) return files.map((f) => ({ path: f.path, size: Number(f.size) || 0, name: f.originalFileObj?.name }))
    return (r.tempFilePaths ?? []).map((p) => ({ path: p, size: 0 }))
  } catch (e) {
    if (cancelled(e)) return []
    throw new ApiError(0, 'CHOOSE_IMAGE', '没能打开相册，请稍后再试')
  }
}

const EVIDENCE_EXTENSIONS = ['pdf', 'jpg', 'jpeg', 'png', 'webp']

function cancelled(e: unknown): boolean {
  return /cancel/i.test(String((e as { errMsg?: string })?.errMsg ?? ''))
}

// Evidence of an application: photos, or PDFs. WeChat: an action sheet offers the album/camera or a
// file from a chat (where PDFs usually are); H5: one file input taking images and PDFs.
// A cancel at any step returns [].
export async function pickEvidence(count: number): Promise<PickedImage[]> {
  if (count <= 0) return []
  if (process.env.TARO_ENV !== 'weapp') return pickInBrowser(count, 'image/*,application/pdf,.pdf')
  let from: number
  try {
    from = (await Taro.showActionSheet({ itemList: ['拍照或从相册选', '从聊天记录选（照片或PDF）'] })).tapIndex
  } catch {
    return []
  }
  if (from === 0) return pickImages(count)
  try {
    const r = await Taro.chooseMessageFile({ count, type: 'file', extension: EVIDENCE_EXTENSIONS })
    return r.tempFiles.map((f) => ({ path: f.path, size: Number(f.size) || 0, name: f.name }))
  } catch (e) {
    if (cancelled(e)) return []
    throw new ApiError(0, 'CHOOSE_FILE', '没能打开聊天文件，请稍后再试')
  }
}

// H5: a hidden file input (the file's own name travels with it: the multipart part needs an extension).
function pickInBrowser(count: number, accept: string): Promise<PickedImage[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = accept
    input.multiple = count > 1
    input.className = 'e2e-evidence-input'
    input.style.display = 'none'
    input.onchange = () => {
      const files = Array.from(input.files ?? []).slice(0, count)
      input.remove()
      resolve(files.map((f) => ({ path: URL.createObjectURL(f), size: f.size, name: f.name })))
    }
    document.body.appendChild(input)
    input.click()
  })
}

function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data
  try {
    return JSON.parse(data)
  } catch {
    return null
  }
}

function errorFrom(statusCode: number, data: unknown, noun: string): ApiError {
  const d = (parseBody(data) ?? {}) as { code?: unknown; message?: unknown }
  const code = typeof d.code === 'string' ? d.code : `HTTP_${statusCode}`
  if (statusCode === 413) return new ApiError(413, code, noun === '文件' ? FILE_TOO_LARGE_MESSAGE : TOO_LARGE_MESSAGE)
  const message = typeof d.message === 'string' && d.message ? d.message : `${noun}上传失败，请稍后再试`
  return new ApiError(statusCode, code, message)
}

async function send(url: string, img: PickedImage): Promise<{ statusCode: number; data: unknown }> {
  const token = getTokens()?.accessToken
  try {
    const r = await Taro.uploadFile({
      url,
      filePath: img.path,
      name: 'file',
      header: token ? { Authorization: `Bearer ${token}` } : {},
      // H5 needs a file name with an extension for the multipart part
      ...(img.name ? { fileName: img.name } : {}),
    } as Taro.uploadFile.Option)
    return { statusCode: r.statusCode, data: r.data }
  } catch {
    throw new ApiError(0, 'NETWORK', NETWORK_ERROR_MESSAGE)
  }
}

// Uploads one image (or, for purpose evidence, an image or a PDF); rejects a file over 5 MB before
// sending anything.
export async function uploadImage(img: PickedImage, purpose: FilePurpose): Promise<UploadedFile> {
  const noun = purpose === 'evidence' ? '文件' : '图片'
  if (img.size > MAX_UPLOAD_BYTES) throw new ApiError(413, 'FILE_TOO_LARGE', noun === '文件' ? FILE_TOO_LARGE_MESSAGE : TOO_LARGE_MESSAGE)
  const url = apiUrl('files.upload', undefined, { purpose })
  let res = await send(url, img)
  // an expired access token: refresh once and retry (same rule as the request client)
  if (res.statusCode === 401 && (await refreshOnce())) res = await send(url, img)
  if (res.statusCode < 200 || res.statusCode >= 300) throw errorFrom(res.statusCode, res.data, noun)
  const file = parseBody(res.data) as UploadedFile | null
  if (!file || typeof file.id !== 'number') throw new ApiError(res.statusCode, 'BAD_RESPONSE', `${noun}上传失败，请稍后再试`)
  return file
}

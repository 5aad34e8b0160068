// Choosing and uploading photos (feedback, offline forwards). Same code on weapp and H5:
// Taro.chooseImage gives temp paths (H5: blob: URLs) and Taro.uploadFile posts them as multipart
// with the field name "file", which is what POST /api/files reads.
import Taro from '@tarojs/taro'
import type { FilePurpose } from '@wuzha/shared/dist/enums'
import type { ApiResponse } from '@wuzha/shared/dist/api'
import { ApiError, NETWORK_ERROR_MESSAGE, apiUrl, refreshOnce } from './request'
import { getTokens } from './storage'

// The server's limit (MAX_UPLOAD_BYTES in the shared schemas; not imported: that would pull zod in).
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024
export const TOO_LARGE_MESSAGE = '这张图片超过5MB，请换一张，或截图后再上传'

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
    const msg = String((e as { errMsg?: string })?.errMsg ?? '')
    if (/cancel/i.test(msg)) return []
    throw new ApiError(0, 'CHOOSE_IMAGE', '没能打开相册，请稍后再试')
  }
}

function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data
  try {
    return JSON.parse(data)
  } catch {
    return null
  }
}

function errorFrom(statusCode: number, data: unknown): ApiError {
  const d = (parseBody(data) ?? {}) as { code?: unknown; message?: unknown }
  const code = typeof d.code === 'string' ? d.code : `HTTP_${statusCode}`
  if (statusCode === 413) return new ApiError(413, code, TOO_LARGE_MESSAGE)
  const message = typeof d.message === 'string' && d.message ? d.message : '图片上传失败，请稍后再试'
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

// Uploads one image; rejects a file over 5 MB before sending anything.
export async function uploadImage(img: PickedImage, purpose: FilePurpose): Promise<UploadedFile> {
  if (img.size > MAX_UPLOAD_BYTES) throw new ApiError(413, 'FILE_TOO_LARGE', TOO_LARGE_MESSAGE)
  const url = apiUrl('files.upload', undefined, { purpose })
  let res = await send(url, img)
  // an expired access token: refresh once and retry (same rule as the request client)
  if (res.statusCode === 401 && (await refreshOnce())) res = await send(url, img)
  if (res.statusCode < 200 || res.statusCode >= 300) throw errorFrom(res.statusCode, res.data)
  const file = parseBody(res.data) as UploadedFile | null
  if (!file || typeof file.id !== 'number') throw new ApiError(res.statusCode, 'BAD_RESPONSE', '图片上传失败，请稍后再试')
  return file
}

// Files of the admin pages: xlsx and zip downloads (H5 saves a blob; WeChat opens an xlsx as a
// document and offers a zip to send to a chat) and the xlsx/csv imports (WeChat: a file from a chat;
// H5: a file input), with the auth header. Used by the quiz, bulletin and pledge admin pages.
import Taro from '@tarojs/taro'
import type { ApiName, ApiResponse } from '@wuzha/shared/dist/api'
import type { ImportResult } from '@wuzha/shared/dist/schemas/quiz'
import { ApiError, NETWORK_ERROR_MESSAGE, apiUrl, refreshOnce, type FieldError } from './request'
import { getTokens } from './storage'

const IS_WEAPP = process.env.TARO_ENV === 'weapp'
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const CSV_TYPE = 'text/csv'
const ZIP_TYPE = 'application/zip'

function authHeader(): Record<string, string> {
  const token = getTokens()?.accessToken
  return token ? { Authorization: `Bearer ${token}` } : {}
}

// Sends once, and once more after refreshing an expired access token.
async function withRefresh<T extends { statusCode: number }>(send: () => Promise<T>): Promise<T> {
  const res = await send()
  if (res.statusCode === 401 && (await refreshOnce())) return send()
  return res
}

type DownloadRoute = 'bulletins.export' | 'quiz.questions.export' | 'quiz.campaigns.export' | 'pledge.export' | 'pledge.images' | 'pledge.roster.template' | 'ff.rankings.export'

// The server's message when an H5 download is refused (the body is JSON), else a plain one.
function refusal(status: number, data: unknown): ApiError {
  let code = `HTTP_${status}`
  let message = status === 403 ? '您没有导出权限' : '下载失败，请稍后再试'
  try {
    const d = JSON.parse(new TextDecoder().decode(data as ArrayBuffer)) as { code?: unknown; message?: unknown }
    if (typeof d.code === 'string') code = d.code
    if (typeof d.message === 'string' && d.message) message = d.message
  } catch {
    // not JSON (or no body): keep the plain message
  }
  return new ApiError(status, code, message)
}

// Downloads an xlsx or a zip (by the file name's extension). WeChat opens an xlsx in its document
// viewer (save or forward from its menu) and offers a zip to send to a chat (文件传输助手 or a group).
export async function downloadFile(name: DownloadRoute, params: Record<string, unknown> | undefined, query: Record<string, unknown>, fileName: string): Promise<void> {
  const zip = fileName.endsWith('.zip')
  const url = apiUrl(name, params, query)
  const res = await withRefresh(async (): Promise<{ statusCode: number; data?: ArrayBuffer; path?: string }> => {
    try {
      if (IS_WEAPP) {
        const r = await Taro.downloadFile({ url, header: authHeader() })
        return { statusCode: r.statusCode, path: r.tempFilePath }
      }
      const r = await Taro.request({ url, method: 'GET', header: authHeader(), responseType: 'arraybuffer' })
      return { statusCode: r.statusCode, data: r.data as ArrayBuffer }
    } catch {
      throw new ApiError(0, 'NETWORK', NETWORK_ERROR_MESSAGE)
    }
  })
  if (res.statusCode < 200 || res.statusCode >= 300) throw refusal(res.statusCode, res.data)
  if (IS_WEAPP) {
    if (zip) await Taro.shareFileMessage({ filePath: res.path as string, fileName })
    else await Taro.openDocument({ filePath: res.path as string, fileType: 'xlsx', showMenu: true })
    return
  }
  const href = URL.createObjectURL(new Blob([res.data as ArrayBuffer], { type: zip ? ZIP_TYPE : XLSX_TYPE }))
  const a = document.createElement('a')
  a.href = href
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 10000)
}

export const downloadXlsx = downloadFile

export interface PickedFile {
  path: string
  name: string
}

// One xlsx file (or csv when allowed); null when the person cancels.
export async function pickXlsx(opts: { csv?: boolean } = {}): Promise<PickedFile | null> {
  if (IS_WEAPP) {
    try {
      const r = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: opts.csv ? ['xlsx', 'csv'] : ['xlsx'] })
      const f = r.tempFiles[0]
      return f ? { path: f.path, name: f.name } : null
    } catch (e) {
      if (/cancel/i.test(String((e as { errMsg?: string })?.errMsg ?? ''))) return null
      throw new ApiError(0, 'CHOOSE_FILE', '没能打开聊天文件，请稍后再试')
    }
  }
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = opts.csv ? `.xlsx,.csv,${XLSX_TYPE},${CSV_TYPE}` : `.xlsx,${XLSX_TYPE}`
    input.className = 'e2e-import-input'
    input.style.display = 'none'
    input.onchange = () => {
      const file = input.files?.[0]
      input.remove()
      resolve(file ? { path: URL.createObjectURL(file), name: file.name } : null)
    }
    document.body.appendChild(input)
    input.click()
  })
}

function parse(data: unknown): unknown {
  if (typeof data !== 'string') return data
  try {
    return JSON.parse(data)
  } catch {
    return null
  }
}

type ImportRoute = 'quiz.questions.import' | 'pledge.roster.import'

// Uploads a sheet. A rejected file throws an ApiError whose `fields` list the row errors.
export async function importSheet<N extends ImportRoute>(name: N, query: Record<string, unknown>, file: PickedFile): Promise<ApiResponse<N>> {
  const url = apiUrl(name as ApiName, undefined, query)
  const res = await withRefresh(async () => {
    try {
      const r = await Taro.uploadFile({ url, filePath: file.path, name: 'file', header: authHeader(), fileName: file.name } as Taro.uploadFile.Option)
      return { statusCode: r.statusCode, data: parse(r.data) }
    } catch {
      throw new ApiError(0, 'NETWORK', NETWORK_ERROR_MESSAGE)
    }
  })
  const d = (res.data ?? {}) as { code?: unknown; message?: unknown; fields?: unknown }
  if (res.statusCode < 200 || res.statusCode >= 300) {
    const message = typeof d.message === 'string' && d.message ? d.message : '导入失败，请稍后再试'
    throw new ApiError(res.statusCode, typeof d.code === 'string' ? d.code : `HTTP_${res.statusCode}`, message, Array.isArray(d.fields) ? (d.fields as FieldError[]) : undefined)
  }
  return res.data as ApiResponse<N>
}

export function importQuestions(townId: number, file: PickedFile): Promise<ImportResult> {
  return importSheet('quiz.questions.import', { townId }, file)
}

// Files of the admin pages: xlsx exports of the dashboards and the bank (H5 saves a blob, WeChat opens
// the document) and the bank import (WeChat: a file from a chat; H5: a file input), with the auth header.
import Taro from '@tarojs/taro'
import type { ImportResult } from '@wuzha/shared/dist/schemas/quiz'
import { ApiError, NETWORK_ERROR_MESSAGE, apiUrl, refreshOnce, type FieldError } from './request'
import { getTokens } from './storage'

const IS_WEAPP = process.env.TARO_ENV === 'weapp'
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

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

type ExportRoute = 'bulletins.export' | 'quiz.questions.export' | 'quiz.campaigns.export'

export async function downloadXlsx(name: ExportRoute, params: Record<string, unknown> | undefined, query: Record<string, unknown>, fileName: string): Promise<void> {
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
  if (res.statusCode < 200 || res.statusCode >= 300) throw new ApiError(res.statusCode, `HTTP_${res.statusCode}`, res.statusCode === 403 ? '您没有导出权限' : '导出失败，请稍后再试')
  if (IS_WEAPP) {
    await Taro.openDocument({ filePath: res.path as string, fileType: 'xlsx', showMenu: true })
    return
  }
  const href = URL.createObjectURL(new Blob([res.data as ArrayBuffer], { type: XLSX_TYPE }))
  const a = document.createElement('a')
  a.href = href
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 10000)
}

export interface PickedFile {
  path: string
  name: string
}

// One xlsx file; null when the person cancels.
export async function pickXlsx(): Promise<PickedFile | null> {
  if (IS_WEAPP) {
    try {
      const r = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] })
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
    input.accept = `.xlsx,${XLSX_TYPE}`
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

// Uploads the xlsx. A rejected file throws an ApiError whose `fields` list the row errors.
export async function importQuestions(townId: number, file: PickedFile): Promise<ImportResult> {
  const url = apiUrl('quiz.questions.import', undefined, { townId })
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
  return res.data as ImportResult
}

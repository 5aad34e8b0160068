// An error in plain words for a page to show: the server's message (the first field's when there is
// one), except for a 404, which the page words for its own thing, and a 429.
import { ApiError } from './request'

export function errorText(e: unknown, notFound: string): string {
  if (e instanceof ApiError) {
    if (e.code === 'NOT_FOUND') return notFound
    if (e.status === 429) return '操作太频繁了，请过一分钟再试'
    if (e.fields?.length) return e.fields[0].message
    return e.message
  }
  return e instanceof Error && e.message ? e.message : '操作失败，请稍后再试'
}

import { act, fireEvent, render, waitFor } from '@testing-library/react'
import { __reset, __setHandler, __setModalAnswer, __setRouterParams, __storage, calls, type FakeRequest } from './mocks/taro'
import ReviewPage from '../src/pages/review/index'
import { resetSessionForTests } from '../src/store/session'
import { townAdmin, view } from './staff-fixtures'

beforeEach(() => {
  __reset()
  __storage().set('wuzha.privacyAgreed', '1')
  resetSessionForTests({ phase: 'ready', me: townAdmin() })
  __setRouterParams({ id: '5' })
})

const q = (c: HTMLElement, sel: string) => c.querySelector(sel) as HTMLElement

async function open(handler: (r: FakeRequest) => { statusCode: number; data?: unknown } | undefined, initial = view()) {
  __setHandler((r) => {
    if (r.method === 'GET' && r.url === '/api/bulletins/5') return { statusCode: 200, data: initial }
    return handler(r) ?? { statusCode: 404, data: { code: 'ROUTE_NOT_FOUND', message: '接口不存在' } }
  })
  const { container } = render(<ReviewPage />)
  await waitFor(() => expect(container.querySelector('.e2e-review-preview')).toBeTruthy())
  return container as HTMLElement
}

test('shows the full preview and the content-check verdict with the note that the human decides', async () => {
  const c = await open(() => undefined)
  expect(q(c, '.e2e-verdict').className).toContain('e2e-verdict-review')
  expect(q(c, '.e2e-verdict').textContent).toContain('需人工复核')
  expect(q(c, '.e2e-verdict').textContent).toContain('是否发布由审核人决定')
  const preview = q(c, '.e2e-review-preview')
  expect(preview.querySelector('.bb-title')?.textContent).toBe('警惕冒充客服退款')
  expect(preview.querySelectorAll('.bb-p')).toHaveLength(2)
  expect(preview.querySelector('.bb-bold.bb-red')?.textContent).toBe('不要点陌生链接，不要共享屏幕。')
  expect(c.textContent).toContain('撰写人：王建国')
  expect(c.textContent).toContain('发送范围：全镇')
})

test('a pass verdict has no warning note; a missing check says so', async () => {
  const c = await open(() => undefined, view({ contentCheck: { suggest: 'pass', label: 100, checkedAt: '2026-11-22T08:05:00.000Z' } }))
  expect(q(c, '.e2e-verdict').className).toContain('e2e-verdict-pass')
  expect(c.textContent).not.toContain('反诈信息常常引用骗子的原话')
})

test('returning requires a reason; the reason is sent', async () => {
  const sent: any[] = []
  const c = await open((r) => {
    if (r.method === 'POST' && r.url === '/api/bulletins/5/review') {
      sent.push(r.data)
      return { statusCode: 200, data: view({ status: 'returned', returnReason: r.data.reason, reviewerName: '李秀梅' }) }
    }
    return undefined
  })
  fireEvent.click(q(c, '.e2e-review-return'))
  await act(async () => {
    fireEvent.click(q(c, '.e2e-review-return-confirm'))
  })
  expect(q(c, '.e2e-field-error').textContent).toBe('退回时请写明原因')
  expect(sent).toHaveLength(0)
  fireEvent.change(q(c, '.e2e-review-reason'), { target: { value: '  请核实损失金额  ' } })
  await act(async () => {
    fireEvent.click(q(c, '.e2e-review-return-confirm'))
  })
  expect(sent).toEqual([{ decision: 'return', reason: '请核实损失金额' }])
  await waitFor(() => expect(c.querySelector('.e2e-returned')).toBeTruthy())
  expect(q(c, '.e2e-review-status').textContent).toBe('已退回')
})

test('approve then publish now', async () => {
  const c = await open((r) => {
    if (r.method === 'POST' && r.url === '/api/bulletins/5/review') return { statusCode: 200, data: view({ status: 'approved', reviewerName: '李秀梅' }) }
    if (r.method === 'POST' && r.url === '/api/bulletins/5/publish') return { statusCode: 200, data: view({ status: 'published', publishedAt: '2026-11-22T09:00:00.000Z' }) }
    return undefined
  })
  await act(async () => {
    fireEvent.click(q(c, '.e2e-review-approve'))
  })
  expect(calls.requests.find((r) => r.url === '/api/bulletins/5/review')?.data).toEqual({ decision: 'approve' })
  await waitFor(() => expect(c.querySelector('.e2e-review-publish')).toBeTruthy())
  expect(q(c, '.e2e-review-publish').textContent).toBe('立即发布')
  // declining the confirmation publishes nothing
  __setModalAnswer(false)
  await act(async () => {
    fireEvent.click(q(c, '.e2e-review-publish'))
  })
  expect(calls.requests.some((r) => r.url === '/api/bulletins/5/publish')).toBe(false)
  __setModalAnswer(true)
  await act(async () => {
    fireEvent.click(q(c, '.e2e-review-publish'))
  })
  await waitFor(() => expect(c.querySelector('.e2e-published')).toBeTruthy())
  fireEvent.click(q(c, '.e2e-to-dashboard'))
  expect(calls.navigations.at(-1)).toEqual({ type: 'navigateTo', url: '/pages/dashboard/index?id=5' })
})

test('a bulletin with a future publish time is published on schedule', async () => {
  const at = new Date(Date.now() + 86400000).toISOString()
  const c = await open((r) => (r.url === '/api/bulletins/5/publish' ? { statusCode: 200, data: view({ status: 'scheduled', publishAt: at }) } : undefined), view({ status: 'approved', publishAt: at }))
  expect(q(c, '.e2e-review-publish').textContent).toContain('定时发布')
  await act(async () => {
    fireEvent.click(q(c, '.e2e-review-publish'))
  })
  await waitFor(() => expect(c.querySelector('.e2e-scheduled')).toBeTruthy())
})

test("reviewing one's own bulletin shows the server's SELF_REVIEW message on the page", async () => {
  const c = await open((r) =>
    r.url === '/api/bulletins/5/review' ? { statusCode: 403, data: { code: 'SELF_REVIEW', message: '不能审核自己撰写的信息，请由另一位工作人员审核' } } : undefined,
  )
  await act(async () => {
    fireEvent.click(q(c, '.e2e-review-approve'))
  })
  expect(q(c, '.e2e-action-error').textContent).toBe('不能审核自己撰写的信息，请由另一位工作人员审核')
  expect(q(c, '.e2e-review-status').textContent).toBe('待审核')
})

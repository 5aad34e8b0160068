import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { __reset, __setHandler, __setRouterParams, __storage, calls, type FakeRequest } from './mocks/taro'
import ComposePage from '../src/pages/compose/index'
import { dailyPresets, toBody, paragraph } from '../src/pages/compose/form'
import { resetSessionForTests } from '../src/store/session'
import { children, townAdmin, view } from './staff-fixtures'

beforeEach(() => {
  __reset()
  __storage().set('wuzha.privacyAgreed', '1')
  resetSessionForTests({ phase: 'ready', me: townAdmin() })
})

const q = (c: HTMLElement, sel: string) => c.querySelector(sel) as HTMLElement
const qa = (c: HTMLElement, sel: string) => Array.from(c.querySelectorAll(sel)) as HTMLElement[]
function type(el: HTMLElement, value: string) {
  fireEvent.change(el, { target: { value } })
}

async function openComposer(handler: (r: FakeRequest) => { statusCode: number; data?: unknown } | undefined) {
  __setHandler((r) => {
    if (r.url === '/api/org/nodes/10/children') return { statusCode: 200, data: { items: children } }
    return handler(r) ?? { statusCode: 404, data: { code: 'ROUTE_NOT_FOUND', message: '接口不存在' } }
  })
  const utils = render(<ComposePage />)
  await waitFor(() => expect(utils.container.querySelector('.e2e-compose-title')).toBeTruthy())
  return utils.container as HTMLElement
}

test('a tag from ?tag= is pre-selected; the six high-incidence types come first', async () => {
  __setRouterParams({ tag: 'fake_loan' })
  const c = await openComposer(() => undefined)
  const chips = qa(c, '.chip[class*="e2e-tag-"]')
  expect(chips.slice(0, 6).map((x) => x.textContent)).toEqual(['刷单返利', '虚假投资理财', '虚假网络贷款', '虚假购物服务', '冒充电商物流客服', '冒充熟人或领导'])
  expect(q(c, '.e2e-tag-fake_loan').className).toContain('selected')
  expect(q(c, '.e2e-tag-order_brushing').className).not.toContain('selected')
})

test('saving an empty form shows the errors next to the fields and sends nothing', async () => {
  const c = await openComposer(() => undefined)
  const before = calls.requests.length
  await act(async () => {
    fireEvent.click(q(c, '.e2e-compose-save'))
  })
  const errors = qa(c, '.e2e-field-error').map((e) => e.textContent)
  expect(errors).toEqual(expect.arrayContaining(['请填写标题', '请选择信息类别', '正文不能为空']))
  expect(calls.requests.length).toBe(before)
  // choosing villages but none of them is an error too
  fireEvent.click(q(c, '.e2e-scope-nodes'))
  await act(async () => {
    fireEvent.click(q(c, '.e2e-compose-save'))
  })
  expect(c.textContent).toContain('请至少选择一个村（社区）或单位')
})

test('builds a body with toggles and reordering; the preview matches; server field errors land on the block; submit shows the verdict', async () => {
  __setRouterParams({ tag: 'fake_loan' })
  const bodies: any[] = []
  let creates = 0
  const c = await openComposer((r) => {
    if (r.method === 'POST' && r.url === '/api/bulletins') {
      bodies.push(r.data)
      creates++
      // first attempt: the server rejects the second paragraph
      if (creates === 1) return { statusCode: 400, data: { code: 'VALIDATION_FAILED', message: '输入有误', fields: [{ path: 'body.body.1.runs.0.text', message: '不能包含控制字符' }] } }
      return { statusCode: 201, data: view({ id: 9, status: 'draft', contentCheck: null }) }
    }
    if (r.method === 'PUT' && r.url === '/api/bulletins/9') {
      bodies.push(r.data)
      return { statusCode: 200, data: view({ id: 9, status: 'draft', contentCheck: null }) }
    }
    if (r.method === 'POST' && r.url === '/api/bulletins/9/submit') return { statusCode: 200, data: view({ id: 9, status: 'submitted', contentCheck: { suggest: 'risky', label: 20002, checkedAt: '2026-11-22T08:05:00.000Z' } }) }
    return undefined
  })
  type(q(c, '.e2e-compose-title'), '  网贷“低息”是陷阱  ')
  fireEvent.click(q(c, '.e2e-category-daily_log'))
  // the daily log offers time-of-day presets
  expect(qa(c, '.e2e-preset').length).toBeGreaterThanOrEqual(2)
  fireEvent.click(q(c, '.e2e-urgency-urgent'))
  fireEvent.click(q(c, '.e2e-scope-nodes'))
  fireEvent.click(qa(c, '.e2e-scope-node')[1])

  type(q(c, '.e2e-compose-paragraph'), '先交“保证金”才放款的，都是骗子。')
  fireEvent.click(q(c, '.e2e-toggle-bold'))
  fireEvent.click(q(c, '.e2e-add-paragraph'))
  type(qa(c, '.e2e-compose-paragraph')[1], '不要转账！')
  fireEvent.click(qa(c, '.e2e-toggle-red')[1])
  fireEvent.click(q(c, '.e2e-add-paragraph')) // a blank third paragraph is dropped
  // move "不要转账！" to the top
  fireEvent.click(qa(c, '.e2e-block-up')[1])

  const preview = q(c, '.e2e-preview')
  const paras = qa(preview, '.bb-p')
  expect(paras.map((p) => p.textContent)).toEqual(['不要转账！', '先交“保证金”才放款的，都是骗子。'])
  expect(paras[0].querySelector('.bb-red')).toBeTruthy()
  expect(paras[0].querySelector('.bb-bold')).toBeNull()
  expect(paras[1].querySelector('.bb-bold')).toBeTruthy()
  expect(preview.querySelector('.bb-urgent')?.textContent).toBe('紧急预警')
  expect(preview.querySelector('.bb-title')?.textContent).toBe('网贷“低息”是陷阱')

  await act(async () => {
    fireEvent.click(q(c, '.e2e-compose-submit'))
  })
  // the server's error sits under the block it is about (the second body block = second paragraph)
  const blocks = qa(c, '.e2e-block')
  expect(blocks[1].querySelector('.e2e-field-error')?.textContent).toBe('不能包含控制字符')
  expect(blocks[0].querySelector('.e2e-field-error')).toBeNull()
  expect(c.querySelector('.e2e-submitted')).toBeNull()

  await act(async () => {
    fireEvent.click(q(c, '.e2e-compose-submit'))
  })
  await waitFor(() => expect(c.querySelector('.e2e-submitted')).toBeTruthy())
  expect(bodies[1]).toEqual({
    townId: 10,
    title: '网贷“低息”是陷阱',
    body: [
      { type: 'paragraph', runs: [{ text: '不要转账！', highlight: true }] },
      { type: 'paragraph', runs: [{ text: '先交“保证金”才放款的，都是骗子。', bold: true }] },
    ],
    category: 'daily_log',
    fraudTypes: ['fake_loan'],
    urgency: 'urgent',
    scope: { kind: 'nodes', nodeIds: [22] },
  })
  expect(calls.requests.some((r) => r.url === '/api/bulletins/9/submit')).toBe(true)
  expect(q(c, '.e2e-verdict').className).toContain('e2e-verdict-risky')
  expect(c.textContent).toContain('有风险')
  expect(c.textContent).toContain('反诈信息常常引用骗子的原话')
})

test('a scope error code from the server is shown at the scope', async () => {
  const c = await openComposer((r) => (r.method === 'POST' && r.url === '/api/bulletins' ? { statusCode: 400, data: { code: 'SCOPE_OUTSIDE_TOWN', message: '发送范围只能是本镇的村（社区）和单位' } } : undefined))
  type(q(c, '.e2e-compose-title'), '标题')
  fireEvent.click(q(c, '.e2e-category-warning'))
  type(q(c, '.e2e-compose-paragraph'), '正文')
  await act(async () => {
    fireEvent.click(q(c, '.e2e-compose-save'))
  })
  expect(c.textContent).toContain('发送范围只能是本镇的村（社区）和单位')
  expect(c.querySelector('.e2e-saved')).toBeNull()
})

test('editing a returned bulletin loads it, shows the reason, and saves with PUT', async () => {
  __setRouterParams({ id: '5' })
  const returned = view({ status: 'returned', returnReason: '金额需核实', scope: { kind: 'nodes', nodes: [{ id: 21, name: '烟雨村', kind: 'village' }] } })
  let put: any = null
  const c = await openComposer((r) => {
    if (r.url === '/api/bulletins/5' && r.method === 'GET') return { statusCode: 200, data: returned }
    if (r.url === '/api/bulletins/5' && r.method === 'PUT') {
      put = r.data
      return { statusCode: 200, data: returned }
    }
    return undefined
  })
  await waitFor(() => expect((q(c, '.e2e-compose-title') as HTMLInputElement).value).toBe('警惕冒充客服退款'))
  expect(q(c, '.e2e-return-reason').textContent).toContain('金额需核实')
  expect(q(c, '.e2e-scope-node').className).toContain('checked')
  expect(qa(c, '.e2e-toggle-bold')[1].className).toContain('on')
  await act(async () => {
    fireEvent.click(q(c, '.e2e-compose-save'))
  })
  expect(put.scope).toEqual({ kind: 'nodes', nodeIds: [21] })
  expect(put.body[1]).toEqual({ type: 'paragraph', runs: [{ text: '不要点陌生链接，不要共享屏幕。', bold: true, highlight: true }] })
  expect(screen.getByText('草稿已保存。')).toBeTruthy()
})

test('daily presets: today 18:00 only while it is ahead', () => {
  expect(dailyPresets(new Date(2026, 10, 22, 9, 0)).map((p) => p.label)).toEqual(['今天 18:00', '明天 08:00', '明天 18:00'])
  expect(dailyPresets(new Date(2026, 10, 22, 19, 0)).map((p) => p.label)).toEqual(['明天 08:00', '明天 18:00'])
  expect(dailyPresets(new Date(2026, 10, 30, 19, 0))[0].value).toEqual({ date: '2026-12-01', time: '08:00' })
  // blank paragraphs are dropped and the key map follows
  const a = paragraph('甲')
  const b = paragraph('  ')
  const c = paragraph('乙')
  expect(toBody([a, b, c]).keys).toEqual([a.key, c.key])
})

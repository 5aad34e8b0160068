import { act, fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { __reset, __setHandler, __setModalAnswer, __setRouterParams, __storage, calls, type FakeRequest } from './mocks/taro'
import QuizPage from '../src/pages/quiz/index'
import QuizResultPage from '../src/pages/quiz-result/index'
import MistakesPage from '../src/pages/mistakes/index'
import { QuizList } from '../src/components/QuizList'
import { resetSessionForTests } from '../src/store/session'
import { membership, person } from './fixtures'
import { attempt, campaign, mistake, paper, result } from './quiz-fixtures'

const T = Taro as unknown as Record<string, unknown>
let hideHandlers: (() => void)[] = []
const modals: string[] = []

beforeEach(() => {
  __reset()
  __storage().set('wuzha.privacyAgreed', '1')
  resetSessionForTests({ phase: 'ready', me: person([membership(1, 'student', '七年级1班', 'class', ['示范县', '和平镇', '和平镇中学', '七年级'])]) })
  hideHandlers = []
  modals.length = 0
  T.redirectTo = async (o: { url: string }) => void calls.navigations.push({ type: 'redirectTo', url: o.url })
  T.onAppHide = (fn: () => void) => void hideHandlers.push(fn)
  T.offAppHide = (fn: () => void) => void (hideHandlers = hideHandlers.filter((h) => h !== fn))
  T.previewImage = jest.fn(async () => ({}))
  const showModal = T.showModal as (o: { content: string }) => Promise<unknown>
  T.showModal = async (o: { content: string }) => {
    modals.push(o.content)
    return showModal(o)
  }
})
afterEach(() => {
  jest.useRealTimers()
  process.env.TARO_ENV = 'h5'
  delete T.setVisualEffectOnCapture
})

const $ = (c: HTMLElement, sel: string) => c.querySelector(sel) as HTMLElement
const $$ = (c: HTMLElement, sel: string) => Array.from(c.querySelectorAll(sel)) as HTMLElement[]
const click = async (el: HTMLElement) => {
  await act(async () => {
    fireEvent.click(el)
  })
}
const submits = () => calls.requests.filter((r) => r.url === '/api/quiz/attempts/77/submit')

function serve(routes: Record<string, (r: FakeRequest) => unknown>) {
  __setHandler((r) => {
    const key = `${r.method} ${r.url.split('?')[0]}`
    const h = routes[key]
    if (!h) return { statusCode: 404, data: { code: 'NOT_FOUND', message: '不存在' } }
    const out = h(r)
    return out && typeof out === 'object' && 'statusCode' in (out as object) ? (out as { statusCode: number; data: unknown }) : { statusCode: 200, data: out }
  })
}

describe('taking', () => {
  test('one question a screen: progress, choices, the sheet, blanks in the confirm, hidden count and answers submitted', async () => {
    __setRouterParams({ attemptId: '77' })
    serve({
      'GET /api/quiz/attempts/77': () => attempt(),
      'POST /api/quiz/attempts/77/submit': () => attempt({ status: 'submitted', result: result() }),
    })
    const { container } = render(<QuizPage />)
    await waitFor(() => expect($(container, '.e2e-quiz-progress').textContent).toBe('第1题/共3题'))
    expect($(container, '.e2e-quiz-stem').textContent).toContain('第1道题的题干')
    // no time limit: no timer
    expect($(container, '.e2e-quiz-timer')).toBeNull()
    expect($(container, '.e2e-quiz-hide-note').textContent).toContain('不影响成绩')

    // single choice: the second tap replaces the first
    await click($$(container, '.e2e-quiz-option')[0])
    await click($$(container, '.e2e-quiz-option')[2])
    expect($$(container, '.e2e-quiz-option').map((o) => o.className.includes('picked'))).toEqual([false, false, true, false])

    // multiple choice keeps both
    await click($(container, '.e2e-quiz-next'))
    expect($(container, '.e2e-quiz-progress').textContent).toBe('第2题/共3题')
    await click($$(container, '.e2e-quiz-option')[3])
    await click($$(container, '.e2e-quiz-option')[1])

    // the app goes to the background twice: recorded, the note stays polite
    act(() => hideHandlers.forEach((h) => h()))
    act(() => hideHandlers.forEach((h) => h()))
    expect($(container, '.e2e-quiz-hide-note').textContent).toContain('离开过答题页面 2 次')

    // the answer sheet: two answered, one blank; jump back to question 1 and it kept its choice
    await click($(container, '.e2e-quiz-sheet'))
    expect($$(container, '.e2e-quiz-cell').map((c) => c.className.includes('answered'))).toEqual([true, true, false])
    await click($$(container, '.e2e-quiz-cell')[0])
    expect($(container, '.e2e-quiz-progress').textContent).toBe('第1题/共3题')
    expect($$(container, '.e2e-quiz-option')[2].className).toContain('picked')

    // declining the confirm sends nothing
    __setModalAnswer(false)
    await click($(container, '.e2e-quiz-sheet'))
    await click($(container, '.e2e-quiz-sheet-submit'))
    expect(modals[0]).toContain('还有 1 道题没有作答（第3题）')
    expect(submits()).toHaveLength(0)

    __setModalAnswer(true)
    await click($(container, '.e2e-quiz-next'))
    await click($(container, '.e2e-quiz-next'))
    await click($(container, '.e2e-quiz-submit'))
    await waitFor(() => expect(submits()).toHaveLength(1))
    expect(submits()[0].data).toEqual({
      answers: [
        { questionId: 100, chosen: [2] },
        { questionId: 101, chosen: [1, 3] },
        { questionId: 102, chosen: [] },
      ],
      hiddenCount: 2,
    })
    await waitFor(() => expect(calls.navigations).toContainEqual({ type: 'redirectTo', url: '/pages/quiz-result/index?attemptId=77' }))
    // the draft is gone and the hide listener is off once the page leaves
    expect(__storage().has('wuzha.quizDraft.77')).toBe(false)
  })

  test('resuming keeps the choices and the place from the draft; leaving turns the hide counter off', async () => {
    __setRouterParams({ attemptId: '77' })
    __storage().set('wuzha.quizDraft.77', JSON.stringify({ answers: { 100: [1], 101: [0, 2] }, index: 1, hidden: 1 }))
    serve({ 'GET /api/quiz/attempts/77': () => attempt() })
    const { container, unmount } = render(<QuizPage />)
    await waitFor(() => expect($(container, '.e2e-quiz-progress').textContent).toBe('第2题/共3题'))
    expect($$(container, '.e2e-quiz-option').map((o) => o.className.includes('picked'))).toEqual([true, false, true, false])
    expect($(container, '.e2e-quiz-hide-note').textContent).toContain('1 次')
    expect(hideHandlers).toHaveLength(1)
    unmount()
    expect(hideHandlers).toHaveLength(0)
  })

  test('the countdown uses the server clock and submits by itself at zero, without asking', async () => {
    jest.useFakeTimers({ now: Date.parse('2024-11-20T09:55:00.000Z') })
    __setRouterParams({ attemptId: '77' })
    // the phone is five minutes slow: the server says 10:00, the deadline is 10:00:03
    serve({
      'GET /api/quiz/attempts/77': () => attempt({ deadline: '2024-11-20T10:00:03.000Z', serverNow: '2024-11-20T10:00:00.000Z' }),
      'POST /api/quiz/attempts/77/submit': () => attempt({ status: 'submitted', result: result() }),
    })
    const { container } = render(<QuizPage />)
    await waitFor(() => expect($(container, '.e2e-quiz-timer')).toBeTruthy())
    expect($(container, '.e2e-quiz-timer').textContent).toBe('剩余 00:03')
    expect($(container, '.e2e-quiz-timer').className).toContain('hurry')
    await act(async () => {
      jest.advanceTimersByTime(1000)
    })
    expect($(container, '.e2e-quiz-timer').textContent).toBe('剩余 00:02')
    expect(submits()).toHaveLength(0)
    await act(async () => {
      jest.advanceTimersByTime(2500)
    })
    await waitFor(() => expect(submits()).toHaveLength(1))
    expect(modals).toEqual([])
    expect(submits()[0].data.answers).toHaveLength(3)
    await waitFor(() => expect(calls.toasts).toContain('时间到，已自动交卷'))
    // later ticks do not submit again
    await act(async () => {
      jest.advanceTimersByTime(3000)
    })
    expect(submits()).toHaveLength(1)
  })

  test('a submit after the time is up goes to the result page, which says so kindly', async () => {
    __setRouterParams({ attemptId: '77' })
    serve({
      'GET /api/quiz/attempts/77': () => attempt({ questions: paper(1) }),
      'POST /api/quiz/attempts/77/submit': () => ({ statusCode: 409, data: { code: 'QUIZ_TIME_UP', message: '答题时间已过，这次作答没能提交' } }),
    })
    const { container } = render(<QuizPage />)
    await waitFor(() => expect($(container, '.e2e-quiz-submit')).toBeTruthy())
    await click($(container, '.e2e-quiz-submit'))
    await waitFor(() => expect(calls.navigations).toContainEqual({ type: 'redirectTo', url: '/pages/quiz-result/index?attemptId=77' }))
  })

  test('a submit that fails on the network can be tried again', async () => {
    __setRouterParams({ attemptId: '77' })
    let fail = true
    serve({
      'GET /api/quiz/attempts/77': () => attempt({ questions: paper(1) }),
      'POST /api/quiz/attempts/77/submit': () => (fail ? { statusCode: 503, data: { code: 'UNAVAILABLE', message: '系统繁忙，请稍后再试' } } : attempt({ status: 'submitted', result: result() })),
    })
    const { container } = render(<QuizPage />)
    await waitFor(() => expect($(container, '.e2e-quiz-submit')).toBeTruthy())
    await click($(container, '.e2e-quiz-submit'))
    await waitFor(() => expect(calls.toasts).toContain('系统繁忙，请稍后再试'))
    fail = false
    await click($(container, '.e2e-quiz-submit'))
    await waitFor(() => expect(submits()).toHaveLength(2))
    await waitFor(() => expect(calls.navigations.some((n) => n.type === 'redirectTo')).toBe(true))
  })

  test('an attempt already submitted opens its result instead', async () => {
    __setRouterParams({ attemptId: '77' })
    serve({ 'GET /api/quiz/attempts/77': () => attempt({ status: 'submitted', result: result() }) })
    render(<QuizPage />)
    await waitFor(() => expect(calls.navigations).toContainEqual({ type: 'redirectTo', url: '/pages/quiz-result/index?attemptId=77' }))
  })

  test('weapp exam: the page hides itself from screenshots while taking, and stops on leaving', async () => {
    process.env.TARO_ENV = 'weapp'
    const effects: string[] = []
    T.setVisualEffectOnCapture = async (o: { visualEffect: string }) => void effects.push(o.visualEffect)
    __setRouterParams({ attemptId: '77' })
    serve({ 'GET /api/quiz/attempts/77': () => attempt() })
    const { container, unmount } = render(<QuizPage />)
    await waitFor(() => expect($(container, '.e2e-quiz-progress')).toBeTruthy())
    expect(effects).toEqual(['hidden'])
    unmount()
    expect(effects).toEqual(['hidden', 'none'])
  })
})

describe('starting', () => {
  test('a campaign shows its intro, starts an attempt and takes it', async () => {
    __setRouterParams({ campaignId: '3' })
    serve({
      'GET /api/quiz/campaigns/3': () => campaign({ mine: { ...campaign().mine!, attemptsUsed: 1, attemptsToday: 1, percent: 50, passed: false } }),
      'POST /api/quiz/campaigns/3/attempts': () => attempt({ deadline: '2024-11-20T10:15:00.000Z' }),
    })
    const { container } = render(<QuizPage />)
    await waitFor(() => expect($(container, '.e2e-quiz-title').textContent).toBe('七年级1班反诈知识测验'))
    expect(container.textContent).toContain('限时 15 分钟')
    expect(container.textContent).toContain('60 分及以上为通过')
    expect(container.textContent).toContain('还能答 2 次')
    expect($(container, '.e2e-quiz-mine').textContent).toContain('我的成绩 50 分')
    await click($(container, '.e2e-quiz-start'))
    await waitFor(() => expect($(container, '.e2e-quiz-progress').textContent).toBe('第1题/共3题'))
    expect($(container, '.e2e-quiz-timer').textContent).toBe('剩余 15:00')
    expect(calls.requests.find((r) => r.url === '/api/quiz/campaigns/3/attempts')?.data).toEqual({})
  })

  test('an open attempt is resumed, not restarted', async () => {
    __setRouterParams({ campaignId: '3' })
    serve({
      'GET /api/quiz/campaigns/3': () => campaign({ mine: { ...campaign().mine!, openAttemptId: 77 } }),
      'GET /api/quiz/attempts/77': () => attempt(),
    })
    const { container } = render(<QuizPage />)
    await waitFor(() => expect($(container, '.e2e-quiz-resume')).toBeTruthy())
    expect($(container, '.e2e-quiz-start')).toBeNull()
    await click($(container, '.e2e-quiz-resume'))
    await waitFor(() => expect($(container, '.e2e-quiz-progress')).toBeTruthy())
    expect(calls.requests.some((r) => r.method === 'POST')).toBe(false)
  })

  test('no attempts left: the reason instead of a start button', async () => {
    __setRouterParams({ campaignId: '3' })
    serve({ 'GET /api/quiz/campaigns/3': () => campaign({ mine: { ...campaign().mine!, attemptsUsed: 3, blockedBy: 'QUIZ_ATTEMPT_LIMIT' } }) })
    const { container } = render(<QuizPage />)
    await waitFor(() => expect($(container, '.e2e-quiz-blocked').textContent).toBe('答题次数已用完'))
    expect($(container, '.e2e-quiz-start')).toBeNull()
  })

  test('practice by fraud type: 看答案 reveals the answer and explanation at once and locks the question', async () => {
    __setRouterParams({ practice: '1' })
    serve({
      'POST /api/quiz/practice': () => attempt({ kind: 'practice', campaign: null, questions: paper(2) }),
      'POST /api/quiz/attempts/77/check': () => ({ correct: false, answer: [3], explanation: '刷单都是诈骗', source: '《反电信网络诈骗法》第三条' }),
    })
    const { container } = render(<QuizPage />)
    await waitFor(() => expect($(container, '.e2e-practice-order_brushing')).toBeTruthy())
    await click($(container, '.e2e-practice-order_brushing'))
    await waitFor(() => expect($(container, '.e2e-quiz-check')).toBeTruthy())
    expect(calls.requests.find((r) => r.url === '/api/quiz/practice')?.data).toEqual({ fraudType: 'order_brushing', count: 10, fromMistakes: false })
    // practice: no app-switch note
    expect($(container, '.e2e-quiz-hide-note')).toBeNull()
    await click($$(container, '.e2e-quiz-option')[1])
    await click($(container, '.e2e-quiz-check'))
    await waitFor(() => expect($(container, '.e2e-quiz-explanation')).toBeTruthy())
    expect(calls.requests.find((r) => r.url === '/api/quiz/attempts/77/check')?.data).toEqual({ questionId: 100, chosen: [1] })
    expect($(container, '.e2e-quiz-checked').textContent).toContain('答错了')
    expect($(container, '.e2e-quiz-explanation').textContent).toContain('刷单都是诈骗')
    expect($(container, '.e2e-quiz-explanation').textContent).toContain('第三条')
    const states = $$(container, '.e2e-quiz-option').map((o) => o.className)
    expect(states[3]).toContain('right')
    expect(states[1]).toContain('wrong')
    // locked: another tap changes nothing
    await click($$(container, '.e2e-quiz-option')[0])
    expect($$(container, '.e2e-quiz-option')[0].className).not.toContain('picked')
    expect($(container, '.e2e-quiz-check')).toBeNull()
  })

  test('错题重练 starts at once from the mistakes', async () => {
    __setRouterParams({ fromMistakes: '1', count: '4' })
    serve({ 'POST /api/quiz/practice': () => attempt({ kind: 'practice', campaign: null, questions: paper(4) }) })
    const { container } = render(<QuizPage />)
    await waitFor(() => expect($(container, '.e2e-quiz-progress').textContent).toBe('第1题/共4题'))
    expect(calls.requests.find((r) => r.url === '/api/quiz/practice')?.data).toEqual({ count: 4, fromMistakes: true })
  })
})

describe('result', () => {
  test('a kind fail: score, every question with my choice, the right answer and the explanation', async () => {
    __setRouterParams({ attemptId: '77' })
    serve({ 'GET /api/quiz/attempts/77': () => attempt({ status: 'submitted', result: result() }) })
    const { container } = render(<QuizResultPage />)
    await waitFor(() => expect($(container, '.e2e-result-percent').textContent).toContain('33'))
    expect($(container, '.e2e-result-verdict').textContent).toBe('这次还没通过，别灰心')
    expect(container.textContent).toContain('答对 1 题，共 3 题')
    expect(container.textContent).toContain('用时 1分35秒')
    expect($$(container, '.e2e-result-item')).toHaveLength(3)
    expect($$(container, '.e2e-result-wrong')).toHaveLength(2)
    const second = $$(container, '.e2e-result-item')[1]
    const opts = $$(second, '.e2e-quiz-option').map((o) => o.className)
    expect(opts[0]).toContain('wrong')
    expect(opts[1]).toContain('right')
    expect(opts[2]).toContain('right')
    expect(second.textContent).toContain('第2题的解析')
    expect($$(container, '.e2e-result-item')[0].textContent).toContain('依据：《反电信网络诈骗法》第三十一条')
    expect($$(container, '.e2e-result-item')[2].textContent).toContain('这道题没有作答')
    expect($(container, '.e2e-result-certificate')).toBeNull()

    await click($(container, '.e2e-result-mistakes'))
    expect(calls.navigations).toContainEqual({ type: 'navigateTo', url: '/pages/mistakes/index' })
    await click($(container, '.e2e-result-again'))
    expect(calls.navigations).toContainEqual({ type: 'redirectTo', url: '/pages/quiz/index?campaignId=3' })
    await click($(container, '.e2e-result-back'))
    expect(calls.navigations).toContainEqual({ type: 'switchTab', url: '/pages/learn/index' })
  })

  test('a pass shows the certificate, which opens in the image preview', async () => {
    __setRouterParams({ attemptId: '77' })
    const url = '/api/quiz/certificates/77?exp=1999999999&sig=abcdefghijklmnopq'
    serve({ 'GET /api/quiz/attempts/77': () => attempt({ status: 'submitted', result: result({ correct: 3, percent: 100, passed: true, certificateUrl: url }) }) })
    const { container } = render(<QuizResultPage />)
    await waitFor(() => expect($(container, '.e2e-result-certificate')).toBeTruthy())
    expect($(container, '.e2e-result-verdict').textContent).toBe('恭喜您，通过了！')
    const img = $(container, '.e2e-result-certificate img')
    expect(img.getAttribute('src')).toBe(url)
    await click($(container, '.e2e-result-certificate-open'))
    expect(T.previewImage).toHaveBeenCalledWith({ urls: [url], current: url })
  })

  test('practice: no score, and 再练一次 opens the practice chooser', async () => {
    __setRouterParams({ attemptId: '77' })
    serve({ 'GET /api/quiz/attempts/77': () => attempt({ kind: 'practice', campaign: null, status: 'submitted', result: result({ passed: null }) }) })
    const { container } = render(<QuizResultPage />)
    await waitFor(() => expect($(container, '.e2e-result-verdict')).toBeTruthy())
    expect($(container, '.e2e-result-percent')).toBeNull()
    expect($(container, '.e2e-result-verdict').textContent).toBe('练习完成')
    expect(container.textContent).toContain('答对 1 题，共 3 题')
    await click($(container, '.e2e-result-again'))
    expect(calls.navigations).toContainEqual({ type: 'redirectTo', url: '/pages/quiz/index?practice=1' })
  })

  test('an expired attempt is explained without blame', async () => {
    __setRouterParams({ attemptId: '77' })
    serve({ 'GET /api/quiz/attempts/77': () => attempt({ status: 'expired', result: null }) })
    const { container } = render(<QuizResultPage />)
    await waitFor(() => expect($(container, '.e2e-result-expired')).toBeTruthy())
    expect(container.textContent).toContain('超过了时间')
  })
})

describe('错题本', () => {
  test('lists the right answer and explanation; 已掌握 removes; 错题重练 starts a practice from them', async () => {
    serve({
      'GET /api/quiz/mistakes': () => ({ items: [mistake(1), mistake(2)], nextCursor: null, total: 2 }),
      'DELETE /api/quiz/mistakes/1': () => ({ ok: true }),
    })
    const { container } = render(<MistakesPage />)
    await waitFor(() => expect($$(container, '.e2e-mistake')).toHaveLength(2))
    expect($(container, '.e2e-mistakes-total').textContent).toContain('共 2 道错题')
    const first = $$(container, '.e2e-mistake')[0]
    const opts = $$(first, '.e2e-quiz-option').map((o) => o.className)
    expect(opts[0]).toContain('wrong')
    expect(opts[2]).toContain('right')
    expect(first.textContent).toContain('错题1的解析')
    expect(first.textContent).toContain('答错过 2 次')

    await click($(first, '.e2e-mistake-mastered'))
    await waitFor(() => expect($$(container, '.e2e-mistake')).toHaveLength(1))
    expect(calls.requests.some((r) => r.method === 'DELETE' && r.url === '/api/quiz/mistakes/1')).toBe(true)
    expect($(container, '.e2e-mistakes-total').textContent).toContain('共 1 道错题')

    await click($(container, '.e2e-mistakes-redo'))
    expect(calls.navigations).toContainEqual({ type: 'navigateTo', url: '/pages/quiz/index?fromMistakes=1&count=1' })
  })

  test('empty book', async () => {
    serve({ 'GET /api/quiz/mistakes': () => ({ items: [], nextCursor: null, total: 0 }) })
    const { container } = render(<MistakesPage />)
    await waitFor(() => expect($(container, '.e2e-mistakes-empty')).toBeTruthy())
    expect($(container, '.e2e-mistakes-redo')).toBeNull()
  })
})

describe('learn tab list', () => {
  test('my campaigns (open first) with attempts left and my private result, plus practice and 错题本', async () => {
    serve({
      'GET /api/quiz/campaigns': (r) => {
        expect(r.url).toContain('view=mine')
        return {
          items: [
            campaign({ id: 4, title: '已结束的测验', state: 'ended' }),
            campaign({ mine: { ...campaign().mine!, attemptsUsed: 1, percent: 90, passed: true } }),
            campaign({ id: 5, title: '没交卷的测验', mine: { ...campaign().mine!, openAttemptId: 88 } }),
          ],
          nextCursor: null,
        }
      },
    })
    const { container } = render(<QuizList />)
    await waitFor(() => expect($$(container, '.e2e-quiz-campaign')).toHaveLength(3))
    const rows = $$(container, '.e2e-quiz-campaign')
    expect(rows.map((r) => r.querySelector('.item-main')?.textContent)).toEqual(['七年级1班反诈知识测验', '没交卷的测验', '已结束的测验'])
    expect(rows[0].textContent).toContain('还能答 2 次')
    expect($(rows[0], '.e2e-quiz-my-result').textContent).toBe('我的成绩 90 分，已通过（仅自己可见）')
    expect(rows[1].textContent).toContain('还没交卷')

    await click(rows[0])
    expect(calls.navigations).toContainEqual({ type: 'navigateTo', url: '/pages/quiz/index?campaignId=3' })
    await click(rows[1])
    expect(calls.navigations).toContainEqual({ type: 'navigateTo', url: '/pages/quiz/index?attemptId=88' })
    await click($(container, '.e2e-go-practice'))
    expect(calls.navigations).toContainEqual({ type: 'navigateTo', url: '/pages/quiz/index?practice=1' })
    await click($(container, '.e2e-go-mistakes'))
    expect(calls.navigations).toContainEqual({ type: 'navigateTo', url: '/pages/mistakes/index' })
  })

  test('before login it asks nothing of the server', async () => {
    resetSessionForTests({ phase: 'pick-user', me: null })
    const { container } = render(<QuizList />)
    expect(container.textContent).toContain('登录后可以参加答题')
    await act(async () => undefined)
    expect(calls.requests).toHaveLength(0)
  })
})

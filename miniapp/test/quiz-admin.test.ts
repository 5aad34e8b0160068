// The quiz admin pages' pure logic: forms to API inputs, Chinese field errors, totals, shares, ranks.
import { CampaignInput, QuestionInput, type CampaignView, type QuizStats } from '@wuzha/shared/dist/schemas/quiz'
import {
  addOption,
  campaignErrors,
  campaignFromView,
  drawTotal,
  emptyCampaign,
  emptyQuestion,
  formatSeconds,
  pct,
  questionErrors,
  rankRows,
  removeOption,
  ruleRow,
  toCampaignInput,
  toQuestionInput,
  toggleAnswer,
  validateCampaign,
  validateQuestion,
  withType,
  type QuestionForm,
} from '../src/services/quiz-admin'

const filled = (over: Partial<QuestionForm> = {}): QuestionForm => ({
  ...emptyQuestion(),
  stem: '陌生人让您先垫钱做任务，说马上返利，这是什么？',
  options: ['刷单返利诈骗', '正规兼职', '网上购物', '银行理财'],
  answer: [0],
  explanation: '所有刷单都是诈骗，先垫钱就是陷阱。',
  fraudTypes: ['order_brushing'],
  ...over,
})

describe('shares and ranks', () => {
  test('pct shows one decimal at most and a dash for nothing', () => {
    expect(pct(0.8667)).toBe('86.7%')
    expect(pct(1)).toBe('100%')
    expect(pct(0)).toBe('0%')
    expect(pct(0.125)).toBe('12.5%')
    expect(pct(null)).toBe('—')
  })

  test('rankRows orders by the chosen rank, unranked last, and says 第N名', () => {
    const m = { population: 10, participants: 5, participation: 0.5, passed: 4, awarenessRate: 0.8, meanAccuracy: 0.7, attempts: 6, flagged: 0, hasChildren: true }
    const children: QuizStats['children'] = [
      { ...m, node: { id: 1, name: '东山村', kind: 'village' }, participationRank: 2, awarenessRank: 1 },
      { ...m, node: { id: 2, name: '西河村', kind: 'village' }, participationRank: 1, awarenessRank: 2 },
      { ...m, node: { id: 3, name: '南岭村', kind: 'village' }, participationRank: null, awarenessRank: null },
    ]
    expect(rankRows(children, 'awareness').map((r) => [r.row.node.name, r.rankText])).toEqual([
      ['东山村', '第1名'],
      ['西河村', '第2名'],
      ['南岭村', '—'],
    ])
    expect(rankRows(children, 'participation').map((r) => r.row.node.id)).toEqual([2, 1, 3])
  })

  test('formatSeconds', () => {
    expect(formatSeconds(192)).toBe('3分12秒')
    expect(formatSeconds(9)).toBe('9秒')
    expect(formatSeconds(null)).toBe('—')
  })
})

describe('question form', () => {
  test('true/false gets its fixed options; going back gives four blank ones', () => {
    const tf = withType(filled({ answer: [2] }), 'true_false')
    expect(tf.options).toEqual(['正确', '错误'])
    expect(tf.answer).toEqual([])
    const back = withType({ ...tf, answer: [1] }, 'single')
    expect(back.options).toEqual(['', '', '', ''])
    expect(back.answer).toEqual([])
    // multiple → single keeps only one answer
    expect(withType(filled({ type: 'multiple', answer: [1, 3] }), 'single').answer).toEqual([1])
  })

  test('options: at most six, at least two; removing one shifts the answers after it', () => {
    let f = filled({ type: 'multiple', answer: [1, 3] })
    f = addOption(addOption(f))
    expect(f.options).toHaveLength(6)
    expect(addOption(f).options).toHaveLength(6)
    f = removeOption(f, 2)
    expect(f.answer).toEqual([1, 2])
    f = removeOption(f, 1)
    expect(f.answer).toEqual([1])
    const two = { ...filled(), options: ['a', 'b'] }
    expect(removeOption(two, 0).options).toEqual(['a', 'b'])
  })

  test('toggleAnswer: single replaces, multiple toggles in order', () => {
    expect(toggleAnswer(filled(), 2).answer).toEqual([2])
    const m = filled({ type: 'multiple', answer: [3] })
    expect(toggleAnswer(toggleAnswer(m, 1), 3).answer).toEqual([1])
    expect(toggleAnswer(m, 0).answer).toEqual([0, 3])
  })

  test('a complete question validates and maps to what the server schema accepts', () => {
    const f = filled({ source: '  《反电信网络诈骗法》第三十一条 ', stem: '  ' + filled().stem })
    expect(validateQuestion(f)).toEqual({})
    const input = toQuestionInput(f)
    expect(input.source).toBe('《反电信网络诈骗法》第三十一条')
    expect(input.stem).toBe(filled().stem)
    expect(QuestionInput.safeParse(input).success).toBe(true)
    expect('source' in toQuestionInput(filled())).toBe(false)
  })

  test('an empty form names every missing field in Chinese', () => {
    const e = validateQuestion(emptyQuestion())
    expect(e.stem).toBe('至少4个字')
    expect(e.explanation).toBe('至少4个字')
    expect(e.answer).toBe('请点选正确答案')
    expect(e.fraudTypes).toBe('请至少选择一个类型')
    expect(e['option:0']).toBe('选项不能为空')
    for (const msg of Object.values(e)) expect(msg).toMatch(/[\u4e00-\u9fff]/)
  })

  test('the shared rules: duplicate options, a multiple choice with one answer', () => {
    expect(validateQuestion(filled({ options: ['甲', '乙', '甲 ', '丁'] })).options).toBe('选项不能重复')
    expect(validateQuestion(filled({ type: 'multiple', answer: [0] })).answer).toBe('多选题至少有两个正确答案')
  })

  test("server fields (body.…) land next to their fields; English messages get ours", () => {
    const e = questionErrors([
      { path: 'body.options.1', message: '不能为空' },
      { path: 'body.difficulty', message: 'Invalid input' },
      { path: 'body.whatever', message: 'Unrecognized key' },
    ])
    expect(e).toEqual({ 'option:1': '选项不能为空', difficulty: '请选择难度', form: '填写有误，请检查' })
  })
})

describe('campaign form', () => {
  const now = new Date(2026, 10, 22, 9, 30)
  const base = () => ({ ...emptyCampaign({ id: 10, kind: 'town' }, now), title: '东山村刷单返利知识答题' })

  test('the default form maps to a valid CampaignInput: whole owner, two weeks, 10 questions', () => {
    const input = toCampaignInput(base())
    const r = CampaignInput.safeParse(input)
    expect(r.success).toBe(true)
    expect(input).toMatchObject({
      kind: 'exam',
      ownerNodeId: 10,
      audienceNodeIds: [10],
      roles: ['resident', 'student', 'parent'],
      draw: { mode: 'random', rules: [{ count: 10 }] },
      timeLimitMinutes: 20,
      attemptsPerDay: 3,
      attemptsTotal: null,
      passPercent: 60,
      counting: 'best',
    })
    expect(new Date(input.startsAt).getTime()).toBe(now.getTime())
    expect(new Date(input.endsAt).getTime()).toBe(new Date(2026, 11, 6, 18, 0).getTime())
    expect(validateCampaign(base())).toEqual({})
  })

  test('school owners default to students; rules keep only what was chosen', () => {
    expect(emptyCampaign({ id: 5, kind: 'school' }, now).roles).toEqual(['student'])
    const f = { ...base(), rules: [ruleRow({ fraudType: 'order_brushing', count: '4' }), ruleRow({ difficulty: 3, count: '2' })] }
    expect(toCampaignInput(f).draw).toEqual({ mode: 'random', rules: [{ fraudType: 'order_brushing', count: 4 }, { difficulty: 3, count: 2 }] })
    expect(drawTotal(f.rules)).toBe(6)
    expect(drawTotal([...f.rules, ruleRow({ count: '' }), ruleRow({ count: 'x' })])).toBe(6)
  })

  test('bad numbers and windows are reported next to their fields in plain words', () => {
    const bad = ruleRow({ count: '0' })
    const f = { ...base(), title: ' ', rules: [ruleRow({ count: '3' }), bad], timeLimit: '500', passPercent: '', roles: [], end: { date: '2026-11-01', time: '08:00' } }
    const e = validateCampaign(f)
    expect(e.title).toBe('不能为空')
    expect(e[`rule:${bad.key}`]).toBe('题数请填1到100之间的整数')
    expect(e.timeLimit).toBe('限时请填1到180之间的整数（分钟），不限时请留空')
    expect(e.passPercent).toBe('及格线请填1到100之间的整数')
    expect(e.roles).toBe('请至少选择一种身份')
    expect(e.end).toBe('结束时间要晚于开始时间')
  })

  test('a paper over 100 questions and an empty fixed paper', () => {
    expect(validateCampaign({ ...base(), rules: [ruleRow({ count: '60' }), ruleRow({ count: '50' })] }).draw).toBe('一份试卷最多100道题')
    expect(validateCampaign({ ...base(), drawMode: 'fixed', questionIds: [] }).questions).toBe('请从题库里选题')
    expect(toCampaignInput({ ...base(), drawMode: 'fixed', questionIds: [4, 9] }).draw).toEqual({ mode: 'fixed', questionIds: [4, 9] })
  })

  test("server fields map to rows and fields", () => {
    const f = { ...base(), rules: [ruleRow(), ruleRow()] }
    expect(
      campaignErrors(
        [
          { path: 'body.draw.rules.1.count', message: 'Too big' },
          { path: 'body.audienceNodeIds', message: '范围不能重复' },
          { path: 'body.attemptsTotal', message: 'Too small' },
        ],
        f,
      ),
    ).toEqual({ [`rule:${f.rules[1].key}`]: '题数请填1到100之间的整数', audience: '范围不能重复', attemptsTotal: '总次数请填1到100之间的整数，不限请留空' })
  })

  test('a saved campaign round-trips through the form', () => {
    const view: CampaignView = {
      id: 3,
      kind: 'exam',
      owner: { id: 10, name: '和平镇', kind: 'town' },
      townId: 10,
      title: '全镇反诈答题',
      intro: '每人答一次',
      audience: [
        { id: 21, name: '东山村', kind: 'village' },
        { id: 22, name: '西河村', kind: 'village' },
      ],
      roles: ['resident'],
      startsAt: '2026-11-22T01:00:00.000Z',
      endsAt: '2026-11-30T10:00:00.000Z',
      draw: { mode: 'random', rules: [{ fraudType: 'fake_loan', audience: 'elderly', count: 5 }] },
      questionCount: 5,
      shuffleQuestions: false,
      shuffleOptions: true,
      timeLimitMinutes: null,
      attemptsPerDay: 2,
      attemptsTotal: 5,
      passPercent: 80,
      counting: 'last',
      status: 'draft',
      state: 'draft',
      createdAt: '2026-11-20T01:00:00.000Z',
      publishedAt: null,
      canManage: true,
      mine: null,
    }
    const input = toCampaignInput(campaignFromView(view))
    expect(input).toEqual({
      kind: 'exam',
      ownerNodeId: 10,
      title: '全镇反诈答题',
      intro: '每人答一次',
      audienceNodeIds: [21, 22],
      roles: ['resident'],
      startsAt: '2026-11-22T01:00:00.000Z',
      endsAt: '2026-11-30T10:00:00.000Z',
      draw: { mode: 'random', rules: [{ fraudType: 'fake_loan', audience: 'elderly', count: 5 }] },
      shuffleQuestions: false,
      shuffleOptions: true,
      timeLimitMinutes: null,
      attemptsPerDay: 2,
      attemptsTotal: 5,
      passPercent: 80,
      counting: 'last',
    })
  })
})

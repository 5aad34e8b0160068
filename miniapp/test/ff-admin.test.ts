// The town side's logic without UI: desks per role, the program form and its checks (weights,
// percent targets, dates, a published program's few fields), manual scores, months, warning rules
// and tiles, case figures, rankings cells.
import { DEFAULT_INDICATORS, DEFAULT_WARNING_RULES } from '@wuzha/shared/dist/fraud-free'
import {
  caseErrors,
  caseFieldErrors,
  defaultTitle,
  deskAt,
  deskFor,
  emptyProgram,
  lastMonth,
  monthText,
  newIndicator,
  nextKey,
  noticeOver,
  programErrors,
  programFormFrom,
  rankCells,
  rulesForm,
  scoreErrors,
  scoreForm,
  shiftMonth,
  sortTiles,
  toCaseInput,
  toManualScores,
  toProgramInput,
  toRulesInput,
  totalWith,
  townDesks,
  validateProgram,
  validateRules,
  weightTotal,
  withKind,
} from '../src/services/ff-admin'
import { membership, person } from './fixtures'
import { program, sheet } from './ff-fixtures'

const TOWN = { id: 10, name: '和平镇' }
const NOW = new Date('2026-11-15T04:00:00Z')

describe('desks', () => {
  const me = person([
    membership(1, 'town_admin', '和平镇', 'town', ['示范县']),
    membership(2, 'village_cadre', '东山村', 'village', ['示范县', '和平镇']),
    membership(3, 'police_liaison', '新安镇', 'town', ['示范县']),
    membership(4, 'town_admin', '示范县', 'county', []),
  ])
  test('town and county memberships with a Fraud-Free permission; the desk for a permission', () => {
    expect(townDesks(me).map((m) => m.node.name)).toEqual(['和平镇', '新安镇', '示范县'])
    expect(deskFor(me, 'cases.write')?.node.name).toBe('新安镇')
    expect(deskFor(me, 'ff.review', 40)?.node.name).toBe('示范县')
    expect(deskFor(me, 'ff.review', 999)?.node.name).toBe('和平镇')
    expect(deskFor(person([membership(2, 'village_cadre', '东山村', 'village', [])]), 'ff.read')).toBeNull()
  })
  test('a town under a county desk keeps the county role', () => {
    expect(deskAt(me, 30)?.node.name).toBe('新安镇')
    const town = deskAt(me, 77)
    expect(town).toMatchObject({ role: 'town_admin', node: { id: 77, kind: 'town' } })
    expect(deskAt(person([membership(3, 'police_liaison', '新安镇', 'town', [])]), 77)?.node.id).toBe(30)
  })
})

describe('the program form', () => {
  test('a new program: this China year, 30 days of applications, the kind defaults summing to 100', () => {
    const f = emptyProgram(TOWN, 'community', new Date('2026-12-31T17:00:00Z'))
    // 01:00 on 1 January in China
    expect(f).toMatchObject({ title: '和平镇2027年度“无诈社区（村）”创建评比', periodStart: '2027-01-01', periodEnd: '2027-12-31', applyFrom: '2027-01-01', applyUntil: '2027-01-30', noticeDays: '7', validityMonths: '12' })
    expect(f.indicators.map((r) => r.key)).toEqual(DEFAULT_INDICATORS.community.map((d) => d.key))
    expect(weightTotal(f.indicators)).toBe(100)
    expect(validateProgram(f)).toEqual({})
    const input = toProgramInput(f)
    expect(input.indicators[0]).toEqual({ key: 'awareness', name: '群众反诈知晓率', source: 'quiz_awareness', weight: 20, target: 92, rule: 'linear' })
    expect(input.indicators.find((i) => i.key === 'meetings')?.note).toBe('上传会议记录或照片')
    expect(input.noticeDays).toBe(7)
  })
  test('another kind brings its indicators; the default title follows, a typed one stays', () => {
    const f = emptyProgram(TOWN, 'community', NOW)
    const u = withKind(f, 'unit', TOWN.name)
    expect(u.title).toBe(defaultTitle('和平镇', 'unit', '2026'))
    expect(u.indicators.map((r) => r.key)).toEqual(DEFAULT_INDICATORS.unit.map((d) => d.key))
    expect(withKind({ ...f, title: '东片区评比' }, 'campus', TOWN.name).title).toBe('东片区评比')
  })
  test('weights that do not sum to 100 are named with the sum; blank weights count 0', () => {
    const f = emptyProgram(TOWN, 'community', NOW)
    f.indicators[0].weight = '15'
    expect(weightTotal(f.indicators)).toBe(95)
    expect(validateProgram(f).indicators).toBe('各项指标的分值加起来要等于100，现在是95')
    f.indicators.push(newIndicator(f.indicators))
    expect(f.indicators.at(-1)).toMatchObject({ key: 'i1', source: 'manual', weight: '' })
    const e = validateProgram(f)
    expect(e['ind.8.name']).toBe('至少2个字')
    expect(e['ind.8.weight']).toBe('分值请填1到100之间的整数')
    f.indicators[8] = { ...f.indicators[8], name: '反诈志愿者队伍', weight: '5' }
    expect(validateProgram(f)).toEqual({})
  })
  test('percent targets at most 100, real days, the window not before the period, whole numbers', () => {
    const f = emptyProgram(TOWN, 'community', NOW)
    f.indicators[0].target = '120'
    f.periodEnd = '2026-02-30'
    f.applyUntil = '2025-12-01'
    f.applyFrom = '2025-11-01'
    f.noticeDays = '0'
    f.validityMonths = '1.5'
    const e = validateProgram(f)
    expect(e['ind.0.target']).toBe('百分比指标的目标不能超过100')
    expect(e.periodEnd).toBe('没有这一天，请检查日期')
    expect(e.applyUntil).toBe('申报截止不能早于评比周期开始')
    expect(e.noticeDays).toBe('公示天数请填1到30之间的整数')
    expect(e.validityMonths).toBe('有效期请填1到60之间的整数（月）')
    // a count target may exceed 100
    const g = emptyProgram(TOWN, 'community', NOW)
    g.indicators[5].target = '150'
    expect(validateProgram(g)).toEqual({})
  })
  test('a published program checks only title, a later deadline and notice days', () => {
    const p = program({ canManage: true, applyUntil: '2026-03-30' })
    const f = programFormFrom(p)
    expect(f.indicators[0].weight).toBe('20')
    f.indicators[0].weight = '1'
    expect(validateProgram(f, p)).toEqual({})
    f.applyUntil = '2026-03-20'
    f.title = '和'
    const e = validateProgram(f, p)
    expect(Object.keys(e).sort()).toEqual(['applyUntil', 'title'])
    expect(e.applyUntil).toBe('申报截止只能延后，不能早于2026-03-30')
  })
  test('server field paths land on the fields, the indicators by row', () => {
    expect(
      programErrors([
        { path: 'body.indicators.2.target', message: '百分比指标的目标不能超过100' },
        { path: 'body.indicators.1.key', message: '指标代码不能重复' },
        { path: 'body.indicators', message: '各项指标的分值加起来要等于100，现在是90' },
        { path: 'body.applyUntil', message: '申报截止不能早于评比周期开始' },
        { path: 'body.noticeDays', message: 'Number must be less than or equal to 30' },
        { path: 'body.townId', message: '请选择' },
        { path: 'body.other', message: 'bad' },
      ]),
    ).toEqual({
      'ind.2.target': '百分比指标的目标不能超过100',
      'ind.1.key': '指标代码不能重复',
      indicators: '各项指标的分值加起来要等于100，现在是90',
      applyUntil: '申报截止不能早于评比周期开始',
      noticeDays: '公示天数请填1到30之间的整数',
      townId: '请选择',
      form: '填写有误，请检查',
    })
  })
  test('new keys never clash', () => {
    expect(nextKey([{ key: 'i1' }, { key: 'i3' }])).toBe('i2')
    expect(nextKey([])).toBe('i1')
  })
})

describe('review', () => {
  const values = sheet().values
  test('every manual item scored 0…weight with one decimal at most', () => {
    expect(scoreForm(values, {})).toEqual({ meetings: '' })
    expect(scoreForm(values, { meetings: 7.5 })).toEqual({ meetings: '7.5' })
    expect(scoreErrors(values, { meetings: '' })).toEqual({ meetings: '请为“每季度召开反诈工作例会”打分（0～10分）' })
    expect(scoreErrors(values, { meetings: '11' })).toEqual({ meetings: '打分要在0～10分之间' })
    expect(scoreErrors(values, { meetings: '-1' })).toEqual({ meetings: '打分要在0～10分之间' })
    expect(scoreErrors(values, { meetings: 'abc' })).toEqual({ meetings: '打分要在0～10分之间' })
    expect(scoreErrors(values, { meetings: '7.25' })).toEqual({ meetings: '最多保留一位小数' })
    expect(scoreErrors(values, { meetings: '7.5' })).toEqual({})
    expect(toManualScores(values, { meetings: ' 8 ' })).toEqual({ meetings: 8 })
  })
  test('the total with the typed scores: automatic scores as they are, manual clamped', () => {
    // 20 + 7.5 + 0 + 15 + 5.6 + 3.3 + 10 = 61.4 automatic
    expect(totalWith(values, { meetings: '' })).toBe(61.4)
    expect(totalWith(values, { meetings: '8' })).toBe(69.4)
    expect(totalWith(values, { meetings: '30' })).toBe(71.4)
  })
  test('the notice is over at its end', () => {
    expect(noticeOver(null, NOW)).toBe(false)
    expect(noticeOver('2026-11-15T04:00:00.000Z', NOW)).toBe(true)
    expect(noticeOver('2026-11-15T04:00:01.000Z', NOW)).toBe(false)
  })
})

describe('months', () => {
  test('shifting across years; last month by the China calendar', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12')
    expect(shiftMonth('2026-12', 1)).toBe('2027-01')
    expect(shiftMonth('2026-05', -17)).toBe('2024-12')
    // 1 December 01:00 in China, still 30 November in UTC
    expect(lastMonth(new Date('2026-11-30T17:00:00Z'))).toBe('2026-11')
    expect(lastMonth(new Date('2026-11-30T15:00:00Z'))).toBe('2026-10')
    expect(monthText('2026-03')).toBe('2026年3月')
  })
})

describe('warnings', () => {
  test('tiles red, yellow, green, by name within a colour', () => {
    const w = (name: string, colour: 'red' | 'yellow' | 'green') => ({ node: { id: name.length, name, kind: 'village' as const }, period: '2026-10', colour, reasons: [], computedAt: '' })
    expect(sortTiles([w('西河村', 'green'), w('东山村', 'yellow'), w('北湖村', 'red'), w('南岭村', 'yellow')]).map((x) => x.node.name)).toEqual(['北湖村', '东山村', '南岭村', '西河村'])
  })
  test('rules: the form round-trips, ranges and red ≥ yellow checked', () => {
    const f = rulesForm(DEFAULT_WARNING_RULES)
    expect(toRulesInput(f)).toEqual(DEFAULT_WARNING_RULES)
    expect(validateRules(f)).toEqual({})
    expect(validateRules({ ...f, overdueYellow: '4', overdueRed: '2' })).toEqual({ overdueRed: '红色的逾期条数不能少于黄色' })
    expect(validateRules({ ...f, awarenessBelow: '120', casesRed: '' })).toEqual({ awarenessBelow: '请填0到100之间的整数', casesRed: '请填1到1000之间的整数' })
  })
})

describe('case figures', () => {
  test('whole numbers, not negative, a loss only with a case', () => {
    expect(caseErrors({ cases: '', lossYuan: '' })).toEqual({ cases: '请填写发案数，没有发案填0' })
    expect(caseErrors({ cases: '-1', lossYuan: '' })).toEqual({ cases: '发案数请填0或正整数' })
    expect(caseErrors({ cases: '1.5', lossYuan: '' })).toEqual({ cases: '发案数请填0或正整数' })
    expect(caseErrors({ cases: '0', lossYuan: '500' })).toEqual({ lossYuan: '没有发案时损失应为0' })
    expect(caseErrors({ cases: '2', lossYuan: '-5' })).toEqual({ lossYuan: '损失请填整数（元），不能是负数' })
    expect(caseErrors({ cases: '2', lossYuan: '8600' })).toEqual({})
    expect(toCaseInput(21, '2026-10', { cases: '2', lossYuan: '' })).toEqual({ nodeId: 21, month: '2026-10', cases: 2, lossYuan: 0 })
  })
  test("the server's fields land on the inputs", () => {
    expect(caseFieldErrors([{ path: 'body.cases', message: '不能多于登记的2人' }, { path: 'body.nodeId', message: '不能填在网格上' }])).toEqual({ cases: '不能多于登记的2人', form: '不能填在网格上' })
  })
})

describe('rankings', () => {
  test("a row's values with the program's names in the program's order; missing ones as no data", () => {
    const p = program()
    const cells = rankCells(p, {
      rank: 1,
      node: { id: 10, name: '东山村', kind: 'village' },
      total: 40,
      values: [
        { key: 'cases', value: 1, score: 10, met: true },
        { key: 'awareness', value: 95.5, score: 20, met: true },
      ],
      applicationStatus: null,
      awardState: null,
    })
    expect(cells.map((c) => c.key)).toEqual(p.indicators.map((d) => d.key))
    expect(cells[0]).toMatchObject({ name: '群众反诈知晓率', value: { source: 'quiz_awareness', value: 95.5, score: 20, weight: 20, met: true } })
    expect(cells[1].value).toMatchObject({ value: null, score: 0, met: false })
  })
})

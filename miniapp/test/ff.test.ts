import { DEFAULT_INDICATORS } from '@wuzha/shared/dist/fraud-free'
import {
  applicantNodes,
  awardLine,
  chinaToday,
  explainSource,
  fitsKind,
  formFrom,
  formProblem,
  ledgerNodes,
  metState,
  ruleText,
  statusHint,
  targetText,
  toInput,
  valueText,
  windowState,
  windowText,
} from '../src/services/ff'
import { membership } from './fixtures'
import { application, award, file, program, sheet } from './ff-fixtures'

const value = (key: string) => sheet().values.find((v) => v.key === key)!

describe('who applies and logs', () => {
  const ms = [
    membership(1, 'village_cadre', '东山村', 'village', ['示范县', '和平镇']),
    membership(2, 'grid_worker', '第一网格', 'grid', ['示范县', '和平镇', '东山村']),
    membership(3, 'town_admin', '和平镇', 'town', ['示范县']),
    membership(4, 'unit_contact', '和平纺织有限公司', 'enterprise', ['示范县', '和平镇']),
    membership(5, 'teacher', '七年级1班', 'class', ['示范县', '和平镇', '和平镇中学', '七年级']),
    membership(6, 'resident', '东山村', 'village', ['示范县', '和平镇']),
  ]
  test('ff.apply holders apply; activities.write holders below the town log', () => {
    expect(applicantNodes(ms).map((n) => n.name)).toEqual(['东山村', '和平纺织有限公司'])
    expect(ledgerNodes(ms).map((n) => n.name)).toEqual(['东山村', '第一网格', '和平纺织有限公司', '七年级1班'])
  })
  test('program kinds fit node kinds', () => {
    expect(fitsKind('community', 'village')).toBe(true)
    expect(fitsKind('community', 'enterprise')).toBe(false)
    expect(fitsKind('unit', 'institution')).toBe(true)
    expect(fitsKind('campus', 'school')).toBe(true)
    expect(fitsKind('building', 'building')).toBe(true)
    expect(fitsKind('building', 'school')).toBe(false)
  })
})

describe('windows', () => {
  test('open, soon, over, closed by the China day', () => {
    expect(windowState(program(), '2026-03-05')).toBe('open')
    expect(windowText(program(), '2026-03-05')).toBe('正在申报，2026年3月30日截止')
    expect(windowText(program({ open: false }), '2026-02-20')).toBe('2026年3月1日开始申报')
    expect(windowText(program({ open: false }), '2026-04-01')).toBe('申报已截止（2026年3月30日）')
    expect(windowText(program({ open: false, status: 'closed' }), '2026-03-05')).toBe('评比已结束')
  })
  test('the China day turns at 16:00 UTC', () => {
    expect(chinaToday(new Date('2026-03-04T15:59:00Z'))).toBe('2026-03-04')
    expect(chinaToday(new Date('2026-03-04T16:00:00Z'))).toBe('2026-03-05')
  })
})

describe('indicators in words', () => {
  test('values with their counts, no data, manual items not yet scored', () => {
    expect(valueText(value('awareness'))).toBe('95.5%（191/200）')
    expect(valueText(value('activities'))).toBe('5次')
    expect(valueText(value('cases'))).toBe('1起')
    expect(valueText(value('pledge'))).toBe('暂无数据')
    expect(valueText(value('meetings'))).toBe('待评审打分')
    expect(valueText({ ...value('meetings'), value: 8 })).toBe('8分')
    expect(valueText({ source: 'case_loss', value: 8600, detail: null })).toBe('8600元')
  })
  test('targets point the right way', () => {
    expect(targetText(value('awareness'))).toBe('目标 ≥ 92%')
    expect(targetText(value('activities'))).toBe('目标 ≥ 15次')
    expect(targetText(value('cases'))).toBe('目标 ≤ 2起')
    expect(targetText(value('meetings'))).toBe('满分10分')
  })
  test('rules and explanations', () => {
    expect(ruleText(value('awareness'))).toBe('按完成的比例得分，达到目标得满分20分。')
    expect(ruleText(value('cases'))).toBe('不超过目标得10分，超过越多得分越少。')
    expect(ruleText({ source: 'cases', rule: 'threshold', weight: 20 })).toBe('不超过目标得20分，超过不得分。')
    expect(ruleText({ source: 'pledge_rate', rule: 'threshold', weight: 15 })).toBe('达到目标得15分，达不到不得分。')
    expect(ruleText(value('meetings'))).toBe('评审打0～10分。')
    expect(explainSource('group_reach', 'community')).toContain('本村（社区）已绑定的微信群')
    expect(explainSource('cases', 'unit')).toContain('本单位发生的')
    // every source has words
    for (const d of Object.values(DEFAULT_INDICATORS).flat()) expect(explainSource(d.source, 'campus').length).toBeGreaterThan(10)
  })
  test('met, not met, no data, pending', () => {
    expect(sheet().values.map(metState)).toEqual(['met', 'unmet', 'nodata', 'met', 'unmet', 'unmet', 'met', 'pending'])
  })
})

describe('applications and titles', () => {
  test('hints and the title line', () => {
    expect(statusHint({ status: 'submitted', noticeEndsAt: null })).toContain('镇里正在评审')
    expect(statusHint({ status: 'notice', noticeEndsAt: '2026-04-10T10:30:00.000Z' })).toBe('评审通过，正在公示，2026年4月10日 18:30结束。')
    expect(awardLine(award())).toBe('“无诈社区（村）”称号（有效），有效期到2027年4月20日')
    expect(awardLine(award({ state: 'revoked' }))).toBe('“无诈社区（村）”称号（已撤销）')
  })

  test('the form: from a saved application, to the API body, problems first', () => {
    const p = program()
    const blank = formFrom(p, null)
    expect(Object.keys(blank.evidence)).toEqual(p.indicators.map((i) => i.key))
    expect(formProblem(blank, p)).toBe('请先写自我评价（至少10个字）')
    expect(formProblem({ ...blank, selfAssessment: '  太短了  ' }, p)).toBe('自我评价至少写10个字，现在是3个字')

    const f = formFrom(p, application())
    expect(f.evidence.meetings).toEqual({ note: '四次例会记录', files: [file(71)] })
    expect(formProblem(f, p)).toBeNull()
    f.evidence.activities = { note: '  ', files: [file(72)] }
    f.evidence.awareness = { note: '全村答题', files: [] }
    // only indicators with something, in the program's order; blank notes dropped
    expect(toInput(10, p, f)).toEqual({
      nodeId: 10,
      selfAssessment: '我村每月开展反诈宣传，村两委每季度召开例会。',
      evidence: [
        { indicatorKey: 'awareness', note: '全村答题', fileIds: [] },
        { indicatorKey: 'activities', fileIds: [72] },
        { indicatorKey: 'meetings', note: '四次例会记录', fileIds: [71] },
      ],
    })
    f.evidence.meetings.note = '长'.repeat(301)
    expect(formProblem(f, p)).toBe('“每季度召开反诈工作例会”的说明最多300个字')
  })
})

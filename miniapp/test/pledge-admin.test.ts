// The pledge staff pages' logic: China-time deadlines, the campaign form's checks and payload, the
// kind/audience/scope rules, roster and text forms, the remind summary and the class card.
import type { PledgeCampaignView } from '@wuzha/shared/dist/schemas/pledge'
import {
  barWidth,
  chinaDateTime,
  chinaIso,
  deadlineText,
  emptyPledgeCampaign,
  kindAudiences,
  ownerKinds,
  pledgeCampaignErrors,
  pledgeCampaignFromView,
  rateText,
  rateTone,
  remindSummary,
  shareCard,
  timeLeft,
  toPledgeCampaignInput,
  toRosterInput,
  toTemplateInput,
  validatePledgeCampaign,
  validateRosterEntry,
  validateTemplate,
  withAudience,
  withKind,
  type PledgeCampaignForm,
} from '../src/services/pledge-admin'

const SCHOOL = { id: 30, kind: 'school' as const }
const TOWN = { id: 10, kind: 'town' as const }
const NOW = new Date('2026-11-24T02:00:00.000Z') // 10:00 in China

test('deadlines are China time whatever the zone of the phone', () => {
  expect(chinaIso({ date: '2026-12-06', time: '18:00' })).toBe('2026-12-06T10:00:00.000Z')
  // past midnight in China is still the previous day in UTC
  expect(chinaIso({ date: '2026-12-07', time: '06:30' })).toBe('2026-12-06T22:30:00.000Z')
  expect(chinaDateTime('2026-12-06T22:30:00.000Z')).toEqual({ date: '2026-12-07', time: '06:30' })
  expect(deadlineText('2026-12-06T10:00:00.000Z', NOW)).toBe('12月6日 18:00')
  expect(deadlineText('2027-01-02T10:00:00.000Z', NOW)).toBe('2027年1月2日 18:00')
  expect(timeLeft('2026-11-27T02:00:00.000Z', NOW)).toBe('还剩3天')
  expect(timeLeft('2026-11-24T07:00:00.000Z', NOW)).toBe('还剩5小时')
  expect(timeLeft('2026-11-24T01:00:00.000Z', NOW)).toBe('已截止')
})

test('a new school campaign: student pledge for the whole school, two weeks ahead at 18:00 China time', () => {
  const f = emptyPledgeCampaign(SCHOOL, NOW)
  expect(f).toEqual({
    ownerNodeId: 30,
    kind: 'student',
    templateId: null,
    audience: 'students',
    title: '',
    intro: '',
    scopeNodeIds: [30],
    deadline: { date: '2026-12-08', time: '18:00' },
    targetPercent: '100',
    guardianSigns: false,
  })
  // a town: residents of the whole town
  expect(emptyPledgeCampaign(TOWN, NOW)).toMatchObject({ kind: 'resident', audience: 'residents', scopeNodeIds: [10] })
})

test('kinds and audiences an owner may use', () => {
  expect(ownerKinds('school')).toEqual(['student', 'family', 'staff'])
  expect(ownerKinds('town')).toEqual(['student', 'family', 'staff', 'resident', 'unit'])
  expect(kindAudiences('family', 'school')).toEqual(['students'])
  expect(kindAudiences('family', 'town')).toEqual(['students', 'residents'])
  // a town running a students campaign has to pick one school's classes: no default scope
  const town = withKind(emptyPledgeCampaign(TOWN, NOW), 'student', TOWN)
  expect(town).toMatchObject({ kind: 'student', audience: 'students', templateId: null, scopeNodeIds: [] })
  // leaving students drops 家长代签
  const school = { ...emptyPledgeCampaign(SCHOOL, NOW), guardianSigns: true, templateId: 4 }
  const staff = withKind(school, 'staff', SCHOOL)
  expect(staff).toMatchObject({ kind: 'staff', audience: 'staff', guardianSigns: false, templateId: null, scopeNodeIds: [] })
  expect(withAudience(staff, 'staff', SCHOOL)).toBe(staff)
})

function filled(over: Partial<PledgeCampaignForm> = {}): PledgeCampaignForm {
  return { ...emptyPledgeCampaign(SCHOOL, NOW), templateId: 4, title: '七年级反诈承诺书', scopeNodeIds: [41, 42], ...over }
}

test('the editor refuses an empty form in plain Chinese before sending', () => {
  const e = validatePledgeCampaign({ ...emptyPledgeCampaign(TOWN, NOW), kind: 'student', audience: 'students', scopeNodeIds: [], targetPercent: '0' }, 'town', NOW)
  expect(e).toEqual({
    template: '请选择一份承诺书',
    title: '至少2个字',
    scope: '请选择要签署的班级',
    target: '目标请填1到100之间的整数',
  })
  expect(validatePledgeCampaign(filled({ deadline: { date: '2026-11-24', time: '09:00' } }), 'school', NOW)).toEqual({ deadline: '截止时间要晚于现在' })
  expect(validatePledgeCampaign(filled({ targetPercent: '101' }), 'school', NOW)).toEqual({ target: '目标请填1到100之间的整数' })
  // a resident pledge cannot go to a school's students
  expect(validatePledgeCampaign(filled({ kind: 'resident' }), 'school', NOW).audience).toBe('这种承诺书不能发给所选的签署对象')
  expect(validatePledgeCampaign(filled(), 'school', NOW)).toEqual({})
})

test('the payload: trimmed texts, China-time deadline as an instant, 家长代签 only for students', () => {
  expect(toPledgeCampaignInput(filled({ title: '  七年级反诈承诺书 ', intro: ' ', guardianSigns: true, targetPercent: '95' }))).toEqual({
    ownerNodeId: 30,
    templateId: 4,
    audience: 'students',
    title: '七年级反诈承诺书',
    scopeNodeIds: [41, 42],
    deadline: '2026-12-08T10:00:00.000Z',
    targetPercent: 95,
    guardianSigns: true,
  })
  expect(toPledgeCampaignInput(filled({ kind: 'staff', audience: 'staff', guardianSigns: true, intro: '全体教职工' }))).toMatchObject({ audience: 'staff', guardianSigns: false, intro: '全体教职工' })
})

test('server field errors land on the editor fields', () => {
  expect(
    pledgeCampaignErrors([
      { path: 'body.scopeNodeIds', message: '范围不能重复' },
      { path: 'body.deadline', message: 'Invalid ISO datetime' },
      { path: 'body.whatever', message: 'bad' },
    ]),
  ).toEqual({ scope: '请至少选择一个签署范围', deadline: '请选择截止时间', form: '填写有误，请检查' })
})

test('a saved campaign comes back into the form with its China-time deadline', () => {
  const view = {
    owner: { id: 30, name: '和平镇中学', kind: 'school' },
    kind: 'student',
    template: { id: 4, versionId: 9, version: 2, title: '学生反诈承诺书', textHash: 'a'.repeat(64) },
    audience: 'students',
    title: '七年级反诈承诺书',
    intro: '两周内签完',
    scope: [{ id: 41, name: '七年级1班', kind: 'class' }],
    deadline: '2026-12-06T10:00:00.000Z',
    targetPercent: 100,
    guardianSigns: true,
  } as unknown as PledgeCampaignView
  expect(pledgeCampaignFromView(view)).toEqual({
    ownerNodeId: 30,
    kind: 'student',
    templateId: 4,
    audience: 'students',
    title: '七年级反诈承诺书',
    intro: '两周内签完',
    scopeNodeIds: [41],
    deadline: { date: '2026-12-06', time: '18:00' },
    targetPercent: '100',
    guardianSigns: true,
  })
})

test('roster entries: optional year and phone, Chinese messages for bad ones', () => {
  const f = { classId: 41, name: ' 王子涵 ', studentNo: ' 2024070101 ', birthYear: '', guardianPhone: '138-0000 0000' }
  expect(toRosterInput(f)).toEqual({ classId: 41, name: '王子涵', studentNo: '2024070101', birthYear: null, guardianPhone: '13800000000' })
  expect(validateRosterEntry(f)).toEqual({})
  expect(validateRosterEntry({ ...f, name: '王', studentNo: '20#1', birthYear: '13', guardianPhone: '1234' })).toEqual({
    name: '至少2个字',
    studentNo: '学号只能包含数字、字母和短横线',
    birthYear: '出生年份请填4位数字，例如2013，不知道可以不填',
    guardianPhone: '请填写11位手机号',
  })
})

test('a town text: lines trimmed, blank runs folded; too short a body is refused', () => {
  expect(toTemplateInput({ kind: 'resident', title: ' 东山村承诺书 ', body: '  我承诺：\r\n\r\n\r\n\r\n一、不出借银行卡。 \n' })).toEqual({ kind: 'resident', title: '东山村承诺书', body: '我承诺：\n\n一、不出借银行卡。' })
  expect(validateTemplate({ kind: 'resident', title: '东山村承诺书', body: '太短了' })).toEqual({ body: '至少20个字' })
})

test('rates and bars: percent from the server, clamped bars, colours against the target', () => {
  expect(rateText(86.7)).toBe('86.7%')
  expect(rateText(100)).toBe('100%')
  expect(rateText(null)).toBe('—')
  expect(barWidth(120)).toBe(100)
  expect(barWidth(null)).toBe(0)
  expect(rateTone(100, 100)).toBe('good')
  expect(rateTone(60, 100)).toBe('mid')
  expect(rateTone(40, 100)).toBe('low')
  expect(rateTone(90, 90)).toBe('good')
})

test('the remind result in one sentence, and a plain word when reminders are not set up', () => {
  expect(remindSummary({ sent: 12, noConsent: 5, recent: 3, disabled: false })).toBe('已给12人发了微信提醒；5人没有开通提醒，请分享班级卡片到群里；3人一天内已提醒过。')
  expect(remindSummary({ sent: 0, noConsent: 8, recent: 0, disabled: false })).toBe('这次没有可以发微信提醒的人；8人没有开通提醒，请分享班级卡片到群里。')
  expect(remindSummary({ sent: 0, noConsent: 0, recent: 0, disabled: true })).toContain('微信提醒还没有开通')
})

test('the class card carries counts only and opens the sign page for that class', () => {
  const card = shareCard({ id: 7, title: '七年级学生反诈承诺书' }, { id: 41, name: '七年级1班', kind: 'class' }, 32, 40)
  expect(card).toEqual({ title: '七年级1班已签32人，共40人：请签《七年级学生反诈承诺书》', path: '/pages/pledge-sign/index?id=7&classId=41' })
  // a village's card has no class
  expect(shareCard({ id: 8, title: '东山村居民反诈承诺书' }, { id: 21, name: '东山村', kind: 'village' }, 3, 90).path).toBe('/pages/pledge-sign/index?id=8')
})

// Fixtures for the pledge staff pages: a school admin, a teacher, a campaign, its progress and lists.
import type { PledgeCampaignView, PledgeProgress, PledgeTemplateView, SignerRow } from '@wuzha/shared/dist/schemas/pledge'
import { membership, person } from './fixtures'

const SCHOOL_PATH = ['示范县', '和平镇']
// membership 3 -> node 30 (和平镇中学); membership 41 -> node 410 (七年级1班)
export const schoolAdmin = () => person([membership(3, 'school_admin', '和平镇中学', 'school', SCHOOL_PATH)], { displayName: '周晓燕' })
export const teacher = () => person([membership(41, 'teacher', '七年级1班', 'class', [...SCHOOL_PATH, '和平镇中学', '七年级'])], { displayName: '孙丽华' })

export const GRADE_7 = { id: 400, parentId: 30, kind: 'grade' as const, name: '七年级', ancestors: [], childCount: 2 }
export const GRADE_8 = { id: 500, parentId: 30, kind: 'grade' as const, name: '八年级', ancestors: [], childCount: 1 }
export const CLASS_71 = { id: 410, parentId: 400, kind: 'class' as const, name: '七年级1班', ancestors: [], childCount: 0 }
export const CLASS_72 = { id: 420, parentId: 400, kind: 'class' as const, name: '七年级2班', ancestors: [], childCount: 0 }
export const CLASS_81 = { id: 510, parentId: 500, kind: 'class' as const, name: '八年级1班', ancestors: [], childCount: 0 }

// org.children of the school and its grades
export function orgChildren(id: number) {
  if (id === 30) return [GRADE_7, GRADE_8]
  if (id === 400) return [CLASS_71, CLASS_72]
  if (id === 500) return [CLASS_81]
  return []
}

const HASH = 'ab12cd34'.repeat(8)

export function template(over: Partial<PledgeTemplateView> = {}): PledgeTemplateView {
  return {
    id: 4,
    builtin: true,
    townId: null,
    kind: 'student',
    current: { id: 9, version: 2, title: '学生反诈承诺书', body: '我是一名中学生，我承诺：\n一、不出租、出借、出售自己的银行卡和手机卡。\n二、不轻信网上刷单、游戏充值返利。', textHash: HASH, locked: true, createdAt: '2026-11-01T00:00:00.000Z' },
    versions: [
      { id: 9, version: 2, title: '学生反诈承诺书', textHash: HASH, locked: true, createdAt: '2026-11-01T00:00:00.000Z' },
      { id: 8, version: 1, title: '学生反诈承诺书', textHash: 'ff'.repeat(32), locked: true, createdAt: '2026-10-01T00:00:00.000Z' },
    ],
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...over,
  }
}

export function campaign(over: Partial<PledgeCampaignView> = {}): PledgeCampaignView {
  return {
    id: 7,
    owner: { id: 30, name: '和平镇中学', kind: 'school' },
    title: '七年级学生反诈承诺书',
    intro: '',
    kind: 'student',
    audience: 'students',
    scope: [{ id: 410, name: '七年级1班', kind: 'class' }],
    template: { id: 4, versionId: 9, version: 2, title: '学生反诈承诺书', textHash: HASH },
    deadline: '2099-12-06T10:00:00.000Z',
    targetPercent: 100,
    guardianSigns: false,
    status: 'published',
    state: 'open',
    signed: 32,
    total: 40,
    rate: 80,
    publishedAt: '2026-11-22T02:00:00.000Z',
    createdAt: '2026-11-22T01:00:00.000Z',
    canManage: true,
    ...over,
  }
}

export function progress(over: Partial<PledgeProgress> = {}): PledgeProgress {
  const c = campaign()
  return {
    campaign: c,
    node: { id: 410, name: '七年级1班', kind: 'class' },
    trail: [
      { id: 30, name: '和平镇中学', kind: 'school' },
      { id: 400, name: '七年级', kind: 'grade' },
      { id: 410, name: '七年级1班', kind: 'class' },
    ],
    summary: { node: { id: 410, name: '七年级1班', kind: 'class' }, signed: 32, total: 40, rate: 80, byGuardian: 21 },
    children: [],
    daily: [
      { day: '2026-11-22', signed: 20 },
      { day: '2026-11-23', signed: 12 },
    ],
    reachedTarget: false,
    ...over,
  }
}

export function signer(i: number, over: Partial<SignerRow> = {}): SignerRow {
  return {
    key: `r:${i}`,
    node: { id: 410, name: '七年级1班', kind: 'class' },
    nameMasked: ['王*涵', '李*远', '张*怡'][i % 3],
    studentNo: `20240701${String(i).padStart(2, '0')}`,
    signed: false,
    signerType: null,
    relationship: null,
    signedAt: null,
    code: null,
    remindable: i % 2 === 0,
    ...over,
  }
}

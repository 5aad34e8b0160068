// Pledge views as the server sends them (issue 5).
import type { MatchView, MyPledgesView, SignPageView, SignatureView, VerifyView } from '@wuzha/shared/dist/schemas/pledge'

export const CLASS_1 = { id: 53, name: '七年级1班', kind: 'class' as const }
export const CLASS_2 = { id: 54, name: '七年级2班', kind: 'class' as const }
export const HASH = 'a'.repeat(64)

export function signPage(over: Partial<SignPageView> = {}, campaign: Partial<SignPageView['campaign']> = {}): SignPageView {
  return {
    campaign: {
      id: 9,
      title: '和平镇中学学生反诈承诺书签署',
      intro: '请同学和家长一起读完再签。',
      kind: 'student',
      audience: 'students',
      owner: { id: 50, name: '和平镇中学', kind: 'school' },
      deadline: '2030-12-01T10:00:00.000Z',
      state: 'open',
      guardianSigns: false,
      ...campaign,
    },
    text: { title: '学生反诈承诺书', body: '第一段：不把银行卡借给别人。\n第二段：不帮陌生人转账。\n第三段：遇到可疑情况告诉家长和老师。', version: 2, textHash: HASH },
    classes: [CLASS_1, CLASS_2],
    units: [],
    mine: [],
    canSign: true,
    reason: null,
    classCounts: null,
    ...over,
  }
}

export function signature(over: Partial<SignatureView> = {}): SignatureView {
  return {
    id: 301,
    campaignId: 9,
    campaignTitle: '和平镇中学学生反诈承诺书签署',
    kind: 'student',
    signerType: 'guardian',
    signerName: '吴海涛',
    studentMasked: '吴*轩',
    relationship: 'father',
    unitName: null,
    signerTitle: null,
    templateVersion: 2,
    textHash: HASH,
    imageHash: 'b'.repeat(64),
    code: '7K3M9QXA2B',
    signedAt: '2024-11-22T06:30:00.000Z',
    imageUrl: '/api/pledge/signatures/301/image?exp=1733000000&sig=abcdefghijklmnop',
    signatureUrl: '/api/pledge/signatures/301/signature.png?exp=1733000000&sig=abcdefghijklmnop',
    repeated: false,
    ...over,
  }
}

export function matchView(over: Partial<MatchView> = {}): MatchView {
  return { class: CLASS_1, studentMasked: '吴*轩', guardianRequired: false, signed: false, mine: null, ...over }
}

export function myPledges(over: Partial<MyPledgesView> = {}): MyPledgesView {
  return {
    toSign: [
      {
        campaignId: 9,
        title: '和平镇中学学生反诈承诺书签署',
        kind: 'student',
        audience: 'students',
        owner: { id: 50, name: '和平镇中学', kind: 'school' },
        deadline: '2030-12-01T10:00:00.000Z',
        forStudent: '为 吴*轩 签署',
      },
    ],
    signed: [signature({ id: 302, campaignId: 8, campaignTitle: '无诈家庭承诺书', kind: 'family', signerType: 'self', studentMasked: null, relationship: null, code: 'QQ22RR33SS' })],
    ...over,
  }
}

export function verifyView(over: Partial<VerifyView> = {}): VerifyView {
  return {
    valid: true,
    problems: [],
    code: '7K3M9QXA2B',
    campaignTitle: '和平镇中学学生反诈承诺书签署',
    kind: 'student',
    owner: '和平镇中学',
    signerMasked: '吴*涛',
    signerType: 'guardian',
    unitName: null,
    signedAt: '2024-11-22T06:30:00.000Z',
    templateVersion: 2,
    textHash: HASH,
    seq: 12,
    ...over,
  }
}

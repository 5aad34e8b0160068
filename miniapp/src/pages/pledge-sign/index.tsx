// Signing a pledge: read the whole text (下一步 only after scrolling to its end), say who signs
// (a student matched on the class roster and signed by themself or a parent; a unit through its
// contact; anyone else as themself), type one's own name, sign on the pad, confirm. Opened as
// ?id=<campaignId>&classId=<optional, from a class card: that class is preselected and its counts shown>.
import { type ReactNode, useEffect, useRef, useState } from 'react'
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro'
import { Input, ScrollView, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { PLEDGE_KIND_LABELS } from '@wuzha/shared/dist/enums'
import type { MatchView, SignPageView, SignatureView } from '@wuzha/shared/dist/schemas/pledge'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { SignaturePad, type SignaturePadHandle } from '../../components/SignaturePad'
import { confirm } from '../../components/confirm'
import { ApiError } from '../../services/request'
import { param } from '../../services/nav'
import { formatWhen } from '../../services/when'
import {
  PLEDGE_PAGES,
  RELATIONSHIP_OPTIONS,
  type SignForm,
  askReminder,
  confirmText,
  deadlineText,
  emptyForm,
  errorText,
  formProblem,
  guardianForced,
  matchProblem,
  pledgeCalls,
  reasonText,
  signRequest,
  signerLine,
  studentRef,
} from '../../services/pledge'
import './index.scss'

function posInt(v: string | undefined): number {
  const n = Number(param(v))
  return Number.isInteger(n) && n > 0 ? n : 0
}

export function sharePath(id: number, classId?: number): string {
  return `${PLEDGE_PAGES.sign}?id=${id}${classId ? `&classId=${classId}` : ''}`
}

function openSignature(s: SignatureView): void {
  void Taro.navigateTo({ url: `${PLEDGE_PAGES.view}?id=${s.id}` })
}

// ---- pieces --------------------------------------------------------------------------------------
function Head({ page }: { page: SignPageView }) {
  const c = page.campaign
  return (
    <Card className="ps-head">
      <View className="page-title e2e-ps-title">{c.title}</View>
      <View className="muted">
        {PLEDGE_KIND_LABELS[c.kind]} · {c.owner.name}发起
      </View>
      <View className={`ps-deadline e2e-ps-deadline ${c.state === 'open' ? '' : 'ended'}`}>{deadlineText(c.deadline)}</View>
      {c.intro ? <View className="ps-intro">{c.intro}</View> : null}
      {page.classCounts ? (
        <View className="ps-counts e2e-ps-class-counts">
          {page.classCounts.class.name}：已签 {page.classCounts.signed} 人，共 {page.classCounts.total} 人
        </View>
      ) : null}
    </Card>
  )
}

export function SignedCard({ s, title = '已经签好了' }: { s: SignatureView; title?: string }) {
  return (
    <Card className="ps-signed e2e-ps-signed">
      <View className="ps-done-mark">✓</View>
      <View className="ps-done-title">{title}</View>
      <View className="ps-line">{signerLine(s)}</View>
      <View className="muted">签署时间 {formatWhen(s.signedAt)}</View>
      <View className="muted ps-code-label">核验码</View>
      <View className="code-box e2e-ps-code">{s.code}</View>
      <Button type="primary" size="large" block className="big-button e2e-ps-view" onClick={() => openSignature(s)}>
        查看承诺书
      </Button>
    </Card>
  )
}

function Chips<T extends number | string>({ items, value, onPick, cls }: { items: { value: T; label: string }[]; value: T | null; onPick: (v: T) => void; cls: string }) {
  return (
    <View className="chips">
      {items.map((it) => (
        <View key={String(it.value)} className={`chip ${cls} ${value === it.value ? 'selected' : ''}`} onClick={() => onPick(it.value)}>
          {it.label}
        </View>
      ))}
    </View>
  )
}

function Field({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <View className="field">
      <View className="field-label">{label}</View>
      {children}
      {hint ? <View className="field-hint">{hint}</View> : null}
    </View>
  )
}

function RemindLink({ onTap, state }: { onTap: () => void; state: 'idle' | 'busy' | 'done' | 'refused' }) {
  if (state === 'done') return <View className="muted ps-remind-done e2e-ps-remind-done">好的，截止前会用微信提醒您。</View>
  return (
    <View className="ps-remind">
      <View className="link-button e2e-ps-remind" onClick={state === 'busy' ? undefined : onTap}>
        现在没空？截止前提醒我
      </View>
      {state === 'refused' ? <View className="muted">您没有允许微信通知，所以收不到提醒。可以再点一次重新选择。</View> : null}
    </View>
  )
}

// ---- reading ---------------------------------------------------------------------------------------
// The text in a scroll box: 下一步 only after its end was reached (or it fits without scrolling).
function Reader({ page, onNext, remind }: { page: SignPageView; onNext: () => void; remind: ReactNode }) {
  const [read, setRead] = useState(false)

  useEffect(() => {
    // a short text needs no scrolling: measure the box and its content once laid out
    const timer = setTimeout(() => {
      Taro.createSelectorQuery()
        .select('#ps-text-box')
        .boundingClientRect()
        .select('#ps-text-body')
        .boundingClientRect()
        .exec((res: ({ height?: number } | null)[]) => {
          const box = res?.[0]?.height ?? 0
          const body = res?.[1]?.height ?? 0
          if (box > 0 && body > 0 && body <= box + 4) setRead(true)
        })
    }, 300)
    return () => clearTimeout(timer)
  }, [page.text.textHash])

  const paragraphs = page.text.body.split('\n').filter((p) => p.trim())
  return (
    <>
      <Card className="ps-reader">
        <ScrollView id="ps-text-box" className="ps-text-box e2e-ps-text" scrollY lowerThreshold={60} style={{ height: '58vh' }} onScrollToLower={() => setRead(true)}>
          <View id="ps-text-body" className="ps-text-body">
            <View className="ps-text-title">{page.text.title}</View>
            {paragraphs.map((p, i) => (
              <View key={i} className="ps-text-p">
                {p}
              </View>
            ))}
            <View className="ps-text-end">（全文完 · 第 {page.text.version} 版）</View>
          </View>
        </ScrollView>
        <View className={`ps-read-hint e2e-ps-read-hint ${read ? 'read' : ''}`}>{read ? '✓ 已读完全文' : '请向上滑动，读完全文后才能签名'}</View>
        <Button type="primary" size="large" block disabled={!read} className="big-button e2e-ps-next" onClick={onNext}>
          下一步
        </Button>
      </Card>
      {remind}
    </>
  )
}

// ---- the flow ---------------------------------------------------------------------------------------
type Step = 'read' | 'form' | 'done'

export function SignFlow({ id, classId, onLoaded }: { id: number; classId?: number; onLoaded?: (p: SignPageView) => void }) {
  const [page, setPage] = useState<SignPageView | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [step, setStep] = useState<Step>('read')
  const [another, setAnother] = useState(false)
  const [form, setForm] = useState<SignForm | null>(null)
  const [match, setMatch] = useState<MatchView | null>(null)
  const [matching, setMatching] = useState(false)
  const [matchError, setMatchError] = useState<string | null>(null)
  const [formError, setFormError] = useState<string | null>(null)
  const [submitting, setSubmitting] = useState(false)
  const [done, setDone] = useState<SignatureView | null>(null)
  const [remind, setRemind] = useState<'idle' | 'busy' | 'done' | 'refused'>('idle')
  const pad = useRef<SignaturePadHandle>(null)
  const busy = useRef(false)

  async function load(resetStep = true) {
    setLoadError(null)
    try {
      const p = await pledgeCalls.page(id, classId)
      setPage(p)
      setForm(emptyForm(p, classId))
      setMatch(null)
      if (resetStep) setStep('read')
      onLoaded?.(p)
    } catch (e) {
      setLoadError(errorText(e))
    }
  }
  useEffect(() => {
    void load()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, classId])

  if (loadError) return <Screen><ErrorBlock message={loadError} onRetry={() => void load()} /></Screen>
  if (!page || !form) return <Screen><Loading /></Screen>

  const audience = page.campaign.audience
  const students = audience === 'students'
  const patch = (p: Partial<SignForm>) => setForm((f) => (f ? { ...f, ...p } : f))

  async function doRemind() {
    if (!page) return
    setRemind('busy')
    try {
      const student = students && form ? (studentRef(form) ?? undefined) : undefined
      setRemind((await askReminder(page.campaign.id, student)) === 'subscribed' ? 'done' : 'refused')
    } catch (e) {
      setRemind('idle')
      void Taro.showToast({ title: errorText(e), icon: 'none', duration: 3000 })
    }
  }
  const remindLink = page.canSign ? <RemindLink onTap={() => void doRemind()} state={remind} /> : null

  async function doMatch() {
    if (!form || matching) return
    const problem = matchProblem(form)
    const ref = studentRef(form)
    if (problem || !ref) {
      setMatchError(problem ?? '请填写学生信息')
      return
    }
    setMatchError(null)
    setMatching(true)
    try {
      const m = await pledgeCalls.match(id, ref)
      setMatch(m)
      // a student signing for themself types the same name: prefill it
      if (!guardianForced(page!, m) && form.signAs === 'self' && !form.signerName) patch({ signerName: form.studentName.trim() })
      if (guardianForced(page!, m)) patch({ signAs: 'guardian', signerName: form.signAs === 'self' ? '' : form.signerName })
    } catch (e) {
      setMatch(null)
      setMatchError(errorText(e))
    } finally {
      setMatching(false)
    }
  }

  async function submit() {
    if (!page || !form || busy.current) return
    const problem = formProblem(page, form, match) ?? (pad.current ? pad.current.problem() : '签名板还没准备好，请稍等再试')
    if (problem) {
      setFormError(problem)
      return
    }
    setFormError(null)
    busy.current = true
    try {
      if (!(await confirm('最后确认', confirmText(page, form, match), '确定签署'))) return
      setSubmitting(true)
      const png = await pad.current!.exportPng()
      const s = await pledgeCalls.submit(id, signRequest(page, form, match, png))
      setDone(s)
      setStep('done')
    } catch (e) {
      if (e instanceof ApiError && e.code === 'PLEDGE_TEXT_CHANGED') {
        void Taro.showToast({ title: e.message, icon: 'none', duration: 3000 })
        await load()
        return
      }
      if (e instanceof ApiError && e.code === 'PLEDGE_GUARDIAN_REQUIRED') patch({ signAs: 'guardian', signerName: '' })
      setFormError(errorText(e))
    } finally {
      busy.current = false
      setSubmitting(false)
    }
  }

  // ---- screens ----
  if (step === 'done' && done) {
    return (
      <Screen className="pledge-sign">
        <SignedCard s={done} title={done.repeated ? '之前已经签过了' : '签署成功'} />
        {done.repeated ? <View className="muted ps-center">同一份承诺书只签一次，这是之前签署的记录。</View> : <View className="muted ps-center">核验码可以证明这份承诺书是您签的。任何人都可以在“无诈”小程序里核验。</View>}
        <View className="link-button e2e-ps-mine" onClick={() => void Taro.redirectTo({ url: PLEDGE_PAGES.mine })}>
          我的承诺书
        </View>
      </Screen>
    )
  }

  const mine = page.mine[0]
  if (mine && !another) {
    return (
      <Screen className="pledge-sign">
        <Head page={page} />
        <SignedCard s={mine} title={mine.studentMasked ? `已为 ${mine.studentMasked} 签好了` : '您已经签好了'} />
        {students && page.canSign ? (
          <View className="link-button e2e-ps-another" onClick={() => setAnother(true)}>
            为家里另一个孩子签署
          </View>
        ) : null}
      </Screen>
    )
  }

  if (!page.canSign) {
    return (
      <Screen className="pledge-sign">
        <Head page={page} />
        <Card className="e2e-ps-cannot">
          <View className="warn-text">{reasonText(page.reason)}</View>
        </Card>
      </Screen>
    )
  }

  if (step === 'read') {
    return (
      <Screen className="pledge-sign">
        <Head page={page} />
        <Reader page={page} onNext={() => setStep('form')} remind={students ? null : remindLink} />
      </Screen>
    )
  }

  const forced = guardianForced(page, match)
  const asGuardian = students && (forced || form.signAs === 'guardian')
  const alreadySigned = students && match?.signed
  return (
    <Screen className="pledge-sign">
      <Head page={page} />
      {students ? (
        <Card title="为哪位同学签署" className="e2e-ps-student">
          <Field label="班级">
            <Chips items={page.classes.map((c) => ({ value: c.id, label: c.name }))} value={form.classId} cls="e2e-ps-class" onPick={(v) => { patch({ classId: v }); setMatch(null) }} />
          </Field>
          <Field label="学生姓名">
            <Input className="field-input e2e-ps-student-name" value={form.studentName} maxlength={20} placeholder="孩子的真实姓名" onInput={(e) => { patch({ studentName: e.detail.value }); setMatch(null) }} />
          </Field>
          <Field label="学号" hint="学号可以问班主任，或看学生证">
            <Input className="field-input e2e-ps-student-no" value={form.studentNo} maxlength={20} placeholder="例如 20240101" onInput={(e) => { patch({ studentNo: e.detail.value }); setMatch(null) }} />
          </Field>
          {matchError ? <View className="field-error ps-error e2e-ps-match-error">{matchError}</View> : null}
          {match ? (
            <View className="ps-found e2e-ps-found">
              找到了：{match.class.name} {match.studentMasked}
            </View>
          ) : (
            <Button type="primary" fill="outline" size="large" block loading={matching} className="big-button e2e-ps-match" onClick={() => void doMatch()}>
              核对学生信息
            </Button>
          )}
        </Card>
      ) : null}

      {alreadySigned ? (
        match?.mine ? (
          <SignedCard s={match.mine} title={`已为 ${match.studentMasked} 签好了`} />
        ) : (
          <Card className="e2e-ps-already">
            <View className="warn-text">这位同学的承诺书已经签过了，不用再签。</View>
            <View className="muted">如果不是您或家人签的，请联系班主任核实。</View>
          </Card>
        )
      ) : null}

      {(!students || (match && !alreadySigned)) ? (
        <Card title="签署人" className="e2e-ps-signer">
          {students ? (
            forced ? (
              <View className="ps-forced e2e-ps-guardian-forced">{page.campaign.guardianSigns ? '本次承诺书由家长（监护人）签署。' : '这位同学未满14周岁，需要由家长（监护人）签署。'}</View>
            ) : (
              <Chips
                items={[
                  { value: 'self', label: '我是学生本人' },
                  { value: 'guardian', label: '我是家长' },
                ]}
                value={form.signAs}
                cls="e2e-ps-as"
                onPick={(v) => patch({ signAs: v, signerName: v === 'self' ? form.studentName.trim() : '' })}
              />
            )
          ) : null}
          {asGuardian ? (
            <>
              <Field label="您和孩子的关系">
                <Chips items={RELATIONSHIP_OPTIONS} value={form.relationship} cls="e2e-ps-rel" onPick={(v) => patch({ relationship: v })} />
              </Field>
              <View className={`choice ps-consent e2e-ps-consent ${form.consent ? 'selected' : ''}`} onClick={() => patch({ consent: !form.consent })}>
                <View className="ps-tick">{form.consent ? '☑' : '☐'}</View>
                <View>我是这位同学的家长（监护人），已经读完承诺书，同意以监护人身份签署，并和孩子一起遵守。</View>
              </View>
            </>
          ) : null}
          {audience === 'units' ? (
            <>
              <Field label="代表的单位">
                {page.units.length === 1 ? (
                  <View className="ps-unit e2e-ps-unit-fixed">{page.units[0].name}</View>
                ) : (
                  <Chips items={page.units.map((u) => ({ value: u.id, label: u.name }))} value={form.unitId} cls="e2e-ps-unit" onPick={(v) => patch({ unitId: v })} />
                )}
              </Field>
              <Field label="您的职务">
                <Input className="field-input e2e-ps-title-input" value={form.signerTitle} maxlength={20} placeholder="例如 总经理、负责人" onInput={(e) => patch({ signerTitle: e.detail.value })} />
              </Field>
            </>
          ) : null}
          <Field
            label={students ? (asGuardian ? '家长本人姓名' : '学生本人姓名') : '您的姓名'}
            hint={students && !asGuardian ? '要和花名册上的姓名一致' : '请写您本人的真实姓名'}
          >
            <Input className="field-input e2e-ps-signer-name" value={form.signerName} maxlength={20} placeholder="真实姓名" onInput={(e) => patch({ signerName: e.detail.value })} />
          </Field>
          <View className="field-label">手写签名</View>
          <SignaturePad ref={pad} onChange={() => setFormError(null)} />
          {formError ? <View className="field-error ps-error e2e-ps-error">{formError}</View> : null}
          <Button type="primary" size="large" block loading={submitting} className="big-button e2e-ps-submit" onClick={() => void submit()}>
            确认签署
          </Button>
        </Card>
      ) : null}
      {students && match && !alreadySigned ? remindLink : null}
      <View className="link-button e2e-ps-reread" onClick={() => setStep('read')}>
        再读一遍承诺书
      </View>
    </Screen>
  )
}

export default function PledgeSignPage() {
  const router = useRouter()
  const id = posInt(router.params.id)
  const classId = posInt(router.params.classId) || undefined
  const [title, setTitle] = useState('')
  // a class card opens this page with the class preselected; the card shows counts only
  useShareAppMessage(() => ({ title: title ? `请签署：${title}` : '请签署承诺书', path: sharePath(id, classId) }))
  return (
    <SessionGate>
      {() =>
        id ? (
          <SignFlow id={id} classId={classId} onLoaded={(p) => setTitle(p.campaign.title)} />
        ) : (
          <Screen>
            <ErrorBlock message="没有找到这份承诺书，请从“我的承诺书”或老师发的链接进入" />
          </Screen>
        )
      }
    </SessionGate>
  )
}

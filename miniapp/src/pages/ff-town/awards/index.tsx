// Titles awarded in the town: state, the reason a title is under review (a case, a red warning),
// keep it with a comment or revoke it with a reason (also without a review), and the printable
// certificate of an active title.
import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { AWARD_STATES, AWARD_STATE_LABELS, PROGRAM_KIND_LABELS, type AwardState } from '@wuzha/shared/dist/enums'
import type { AwardView } from '@wuzha/shared/dist/schemas/fraud-free'
import type { MembershipView } from '@wuzha/shared/dist/schemas/org'
import { Card, ErrorBlock, Loading, Screen } from '../../../components/Screen'
import { ApiError } from '../../../services/request'
import { errorText, shortDay, shortTime } from '../../../services/ff'
import { can, deskAt, ffAdmin, openCertificate } from '../../../services/ff-admin'
import { DeskPage, FieldError } from '../parts'
import '../../quiz-bank/quiz-admin.scss'
import '../ff-town.scss'

const STATE_TAG: Record<AwardState, string> = { active: 'green', review: 'red', revoked: '', expired: '' }

// under review first, then active, then the rest; newest first within
function ordered(items: AwardView[]): AwardView[] {
  const rank: Record<AwardState, number> = { review: 0, active: 1, revoked: 2, expired: 3 }
  return [...items].sort((a, b) => rank[a.state] - rank[b.state] || b.awardedAt.localeCompare(a.awardedAt))
}

type Acting = { id: number; what: 'keep' | 'revoke'; text: string; error?: string }

function AwardItem({ a, canAct, acting, busy, onStart, onText, onSubmit, onCancel }: {
  a: AwardView
  canAct: boolean
  acting: Acting | null
  busy: boolean
  onStart: (what: 'keep' | 'revoke') => void
  onText: (t: string) => void
  onSubmit: () => void
  onCancel: () => void
}) {
  const mine = acting?.id === a.id ? acting : null
  async function certificate() {
    if (!a.certificateUrl) return
    const how = await openCertificate(a.certificateUrl).catch(() => null)
    if (how === 'copied') void Taro.showToast({ title: '证书链接已复制，请在电脑浏览器打开并打印', icon: 'none', duration: 3000 })
  }
  return (
    <View className="fft-item e2e-ffaward">
      <View className="row">
        <View className="fft-title e2e-ffaward-node">{a.node.name}</View>
        <View className={`tag ${STATE_TAG[a.state]} e2e-ffaward-state`}>{AWARD_STATE_LABELS[a.state]}</View>
      </View>
      <View className="muted">
        “{PROGRAM_KIND_LABELS[a.kind]}” · {a.programTitle} · {a.score}分
      </View>
      <View className="muted">
        {shortDay(a.awardedAt)}授牌，有效期到{shortDay(a.validUntil)}
      </View>
      {a.reviewReason && a.state === 'review' ? <View className="warn-text e2e-ffaward-reason">复核原因：{a.reviewReason}</View> : null}
      {a.revokeReason ? (
        <View className="muted e2e-ffaward-revoked">
          撤销原因：{a.revokeReason}
          {a.revokedAt ? `（${shortTime(a.revokedAt)}）` : ''}
        </View>
      ) : null}
      {mine ? (
        <View className="field">
          <View className="field-label">{mine.what === 'keep' ? '保留称号的复核意见' : '撤销原因（必填）'}</View>
          <Textarea
            className="field-textarea e2e-ffaward-text"
            value={mine.text}
            maxlength={500}
            autoHeight
            placeholder={mine.what === 'keep' ? '例如：经核实，案件发生在外地务工人员，已加强宣传' : '例如：2026年11月发生电诈案件1起'}
            onInput={(e) => onText(e.detail.value)}
          />
          <FieldError text={mine.error} />
          <View className="button-row">
            <Button type={mine.what === 'keep' ? 'success' : 'danger'} loading={busy} disabled={busy} className="e2e-ffaward-submit" onClick={onSubmit}>
              {mine.what === 'keep' ? '确定保留' : '确定撤销'}
            </Button>
            <Button type="default" disabled={busy} className="e2e-ffaward-cancel" onClick={onCancel}>
              取消
            </Button>
          </View>
        </View>
      ) : (
        <View className="button-row">
          {a.certificateUrl ? (
            <Button type="primary" fill="outline" className="e2e-ffaward-certificate" onClick={() => void certificate()}>
              打印牌匾证书
            </Button>
          ) : null}
          {canAct && a.state === 'review' ? (
            <Button type="success" className="e2e-ffaward-keep" onClick={() => onStart('keep')}>
              保留
            </Button>
          ) : null}
          {canAct && (a.state === 'review' || a.state === 'active') ? (
            <Button type="danger" fill="outline" className="e2e-ffaward-revoke" onClick={() => onStart('revoke')}>
              撤销
            </Button>
          ) : null}
        </View>
      )}
    </View>
  )
}

export function AwardsList({ at }: { at: MembershipView }) {
  const [state, setState] = useState<AwardState | null>(null)
  const [items, setItems] = useState<AwardView[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [acting, setActing] = useState<Acting | null>(null)
  const [busy, setBusy] = useState(false)
  const canAct = can(at, 'ff.review')

  function load() {
    setError(null)
    ffAdmin
      .awards(at.node.id, state ?? undefined)
      .then((l) => setItems(ordered(l.items)))
      .catch((e) => setError(errorText(e)))
  }
  useEffect(load, [state, at.node.id])

  async function submit() {
    if (!acting) return
    const text = acting.text.trim()
    if (acting.what === 'revoke' && !text) return setActing({ ...acting, error: '撤销称号时请写明原因' })
    if (acting.what === 'keep' && text.length < 2) return setActing({ ...acting, error: '请写明复核意见（至少2个字）' })
    setBusy(true)
    try {
      const next = acting.what === 'keep' ? await ffAdmin.keep(acting.id, text) : await ffAdmin.revoke(acting.id, text)
      setItems((prev) => (prev ? ordered(prev.map((x) => (x.id === next.id ? next : x))) : prev))
      setActing(null)
      void Taro.showToast({ title: acting.what === 'keep' ? '已保留称号' : '已撤销称号', icon: 'success' })
    } catch (e) {
      setActing({ ...acting, error: e instanceof ApiError && e.fields?.length ? e.fields[0].message : errorText(e) })
    } finally {
      setBusy(false)
    }
  }

  const review = items?.filter((a) => a.state === 'review').length ?? 0
  return (
    <Screen className="quiz-admin ff-town">
      <View className="page-title">称号管理</View>
      <View className="muted">{at.node.name}</View>
      <View className="segmented">
        <View className={`seg e2e-ffaward-filter-all ${state === null ? 'selected' : ''}`} onClick={() => setState(null)}>
          全部
        </View>
        {AWARD_STATES.map((s) => (
          <View key={s} className={`seg e2e-ffaward-filter-${s} ${state === s ? 'selected' : ''}`} onClick={() => setState(s)}>
            {AWARD_STATE_LABELS[s]}
          </View>
        ))}
      </View>
      {review > 0 && state === null ? <View className="warn-text e2e-ffaward-review-count">有{review}个称号需要复核：保留或撤销。</View> : null}
      {error ? <ErrorBlock message={error} onRetry={load} /> : null}
      {!items && !error ? <Loading /> : null}
      {items ? (
        <Card>
          {items.length === 0 ? <View className="muted e2e-ffaward-empty">{state ? `没有${AWARD_STATE_LABELS[state]}的称号。` : '还没有授牌的组织。'}</View> : null}
          {items.map((a) => (
            <AwardItem
              key={a.id}
              a={a}
              canAct={canAct}
              acting={acting}
              busy={busy}
              onStart={(what) => setActing({ id: a.id, what, text: '' })}
              onText={(text) => acting && setActing({ ...acting, text, error: undefined })}
              onSubmit={() => void submit()}
              onCancel={() => setActing(null)}
            />
          ))}
        </Card>
      ) : null}
    </Screen>
  )
}

export default function AwardsPage() {
  return (
    <DeskPage pick={deskAt} refusal="只有镇里的工作人员可以查看称号">
      {(at) => <AwardsList at={at} />}
    </DeskPage>
  )
}

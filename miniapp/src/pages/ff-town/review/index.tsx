// The reviewers' queue: the town's applications by status (待评审 first), each opening the
// application page; notices whose period is over say that a decision is due.
import { useEffect, useState } from 'react'
import { useDidShow, useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { APPLICATION_STATUS_LABELS, PROGRAM_KIND_LABELS, type ApplicationStatus } from '@wuzha/shared/dist/enums'
import type { ApplicationList } from '@wuzha/shared/dist/schemas/fraud-free'
import type { MembershipView } from '@wuzha/shared/dist/schemas/org'
import { Card, ErrorBlock, Loading, Screen } from '../../../components/Screen'
import { go, param } from '../../../services/nav'
import { errorText, shortTime } from '../../../services/ff'
import { FF_TOWN_PAGES, QUEUE_STATUSES, deskFor, ffAdmin, noticeOver } from '../../../services/ff-admin'
import { DeskPage } from '../parts'
import '../../quiz-bank/quiz-admin.scss'
import '../ff-town.scss'

type Item = ApplicationList['items'][number]

function when(a: Item): string {
  if (a.status === 'notice' && a.noticeEndsAt) return noticeOver(a.noticeEndsAt) ? '公示期已满，请作出决定' : `公示到${shortTime(a.noticeEndsAt)}`
  return a.submittedAt ? `提交于${shortTime(a.submittedAt)}` : ''
}

export function ReviewQueue({ at, initial }: { at: MembershipView; initial: ApplicationStatus }) {
  const [status, setStatus] = useState<ApplicationStatus>(initial)
  const [items, setItems] = useState<Item[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  function load() {
    setError(null)
    ffAdmin
      .applications(at.node.id, status)
      .then((l) => setItems(l.items))
      .catch((e) => setError(errorText(e)))
  }
  useEffect(() => {
    setItems(null)
    load()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [status, at.node.id])
  // back from an application: it may have moved on
  useDidShow(() => {
    if (items) load()
  })

  return (
    <Screen className="quiz-admin ff-town">
      <View className="page-title">申报评审</View>
      <View className="muted">{at.node.name}</View>
      <View className="segmented">
        {QUEUE_STATUSES.map((s) => (
          <View key={s} className={`seg e2e-ffrev-status-${s} ${status === s ? 'selected' : ''}`} onClick={() => setStatus(s)}>
            {APPLICATION_STATUS_LABELS[s]}
          </View>
        ))}
      </View>
      {error ? <ErrorBlock message={error} onRetry={load} /> : null}
      {!items && !error ? <Loading /> : null}
      {items ? (
        <Card>
          {items.length === 0 ? <View className="muted e2e-ffrev-empty">没有{APPLICATION_STATUS_LABELS[status]}的申报。</View> : null}
          {items.map((a) => (
            <View key={a.id} className="fft-item e2e-ffrev-item" onClick={() => go(FF_TOWN_PAGES.application, { id: a.id })}>
              <View className="row">
                <View className="fft-title e2e-ffrev-item-node">{a.node.name}</View>
                {a.score !== null ? <View className="tag blue">{a.score}分</View> : null}
              </View>
              <View className="muted">
                {PROGRAM_KIND_LABELS[a.kind]} · {a.programTitle}
              </View>
              <View className={a.status === 'notice' && noticeOver(a.noticeEndsAt) ? 'warn-text' : 'muted'}>{when(a)}</View>
            </View>
          ))}
        </Card>
      ) : null}
    </Screen>
  )
}

export default function ReviewPage() {
  const asked = param(useRouter().params.status) as ApplicationStatus
  return (
    <DeskPage pick={(me, nodeId) => deskFor(me, 'ff.review', nodeId)} refusal="只有镇里的评审人员可以评审申报">
      {(at) => <ReviewQueue at={at} initial={QUEUE_STATUSES.includes(asked) ? asked : 'submitted'} />}
    </DeskPage>
  )
}

// 宣传活动台账: the propaganda activities of my organisation (and below), with the count and people
// reached, and a form to log one: date, place, kind, title, people reached, photos.
import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Image, Input, Picker, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ACTIVITY_KINDS, ACTIVITY_KIND_LABELS, type ActivityKind } from '@wuzha/shared/dist/enums'
import type { FileView } from '@wuzha/shared/dist/schemas/bulletins'
import type { ActivityPage, ActivityView } from '@wuzha/shared/dist/schemas/fraud-free'
import type { NodeRef } from '@wuzha/shared/dist/schemas/org'
import { Card, ErrorBlock, Loading, Screen } from '../../../components/Screen'
import { confirm } from '../../../components/confirm'
import { chinaToday, dayText, errorText, ffCalls, fileSrc, ledgerNodes } from '../../../services/ff'
import { pickImages, uploadImage } from '../../../services/upload'
import { FileList, MyNodePage, NodeSwitch } from '../parts'
import '../ff.scss'

export const MAX_PHOTOS = 9

interface Draft {
  day: string
  place: string
  kind: ActivityKind | null
  title: string
  people: string
  photos: FileView[]
}

const emptyDraft = (): Draft => ({ day: chinaToday(), place: '', kind: null, title: '', people: '', photos: [] })

// 'YYYY-MM-DD' a year before (the server refuses older days)
function yearAgo(day: string): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCFullYear(d.getUTCFullYear() - 1)
  return d.toISOString().slice(0, 10)
}

// The one thing to fix, or null.
export function draftProblem(d: Draft): string | null {
  if (!d.kind) return '请选择活动形式'
  if (d.title.trim().length < 2) return '请写活动主题（至少2个字）'
  if (d.place.trim().length < 2) return '请写活动地点（至少2个字）'
  if (!/^\d{1,6}$/.test(d.people.trim())) return '请填写覆盖人数（整数，例如 50）'
  if (Number(d.people) > 100000) return '覆盖人数不能超过100000'
  return null
}

function LogForm({ node, onLogged, onCancel }: { node: NodeRef; onLogged: (a: ActivityView) => void; onCancel: () => void }) {
  const [d, setD] = useState<Draft>(emptyDraft)
  const [uploading, setUploading] = useState(false)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const today = chinaToday()
  const set = (patch: Partial<Draft>) => setD((cur) => ({ ...cur, ...patch }))

  async function addPhotos() {
    setError(null)
    try {
      const picked = await pickImages(MAX_PHOTOS - d.photos.length)
      if (!picked.length) return
      setUploading(true)
      for (const p of picked) {
        const f = await uploadImage(p, 'activity')
        setD((cur) => (cur.photos.length < MAX_PHOTOS ? { ...cur, photos: [...cur.photos, f] } : cur))
      }
    } catch (e) {
      setError(errorText(e))
    } finally {
      setUploading(false)
    }
  }

  async function save() {
    const problem = draftProblem(d)
    if (problem) return setError(problem)
    setError(null)
    setSaving(true)
    try {
      const a = await ffCalls.logActivity({
        nodeId: node.id,
        day: d.day,
        place: d.place.trim(),
        kind: d.kind as ActivityKind,
        title: d.title.trim(),
        peopleReached: Number(d.people),
        photoIds: d.photos.map((p) => p.id),
      })
      void Taro.showToast({ title: '已登记', icon: 'success' })
      onLogged(a)
    } catch (e) {
      setError(errorText(e))
    } finally {
      setSaving(false)
    }
  }

  return (
    <Card title="登记一次宣传活动" className="e2e-ff-activity-form">
      <View className="muted">登记后会自动算进“宣传活动次数”指标。</View>
      <View className="gap" />
      <View className="field">
        <View className="field-label">活动日期</View>
        <Picker mode="date" value={d.day} start={yearAgo(today)} end={today} onChange={(e) => set({ day: String(e.detail.value) })}>
          <View className="field-input e2e-ff-activity-day">{dayText(d.day)}</View>
        </Picker>
      </View>
      <View className="field">
        <View className="field-label">活动形式</View>
        <View className="ff-kinds">
          {ACTIVITY_KINDS.map((k) => (
            <View key={k} className={`ff-kind e2e-ff-kind-${k} ${d.kind === k ? 'ff-kind-active' : ''}`} onClick={() => set({ kind: k })}>
              {ACTIVITY_KIND_LABELS[k]}
            </View>
          ))}
        </View>
      </View>
      <View className="field">
        <View className="field-label">活动主题</View>
        <Input className="field-input e2e-ff-activity-title" value={d.title} maxlength={60} placeholder="例如：民警进村讲解养老诈骗" onInput={(e) => set({ title: e.detail.value })} />
      </View>
      <View className="field">
        <View className="field-label">活动地点</View>
        <Input className="field-input e2e-ff-activity-place" value={d.place} maxlength={60} placeholder="例如：村文化礼堂" onInput={(e) => set({ place: e.detail.value })} />
      </View>
      <View className="field">
        <View className="field-label">覆盖人数</View>
        <Input className="field-input e2e-ff-activity-people" type="number" value={d.people} maxlength={6} placeholder="大约多少人参加或收到" onInput={(e) => set({ people: e.detail.value })} />
      </View>
      <View className="field">
        <View className="field-label">现场照片（最多{MAX_PHOTOS}张，可不传）</View>
        <FileList files={d.photos} onRemove={(f) => set({ photos: d.photos.filter((p) => p.id !== f.id) })} />
        {d.photos.length < MAX_PHOTOS ? (
          <Button type="primary" fill="outline" block loading={uploading} className="big-button e2e-ff-activity-photo" onClick={() => void addPhotos()}>
            拍照或选照片
          </Button>
        ) : null}
      </View>
      {error ? <View className="field-error warn-text e2e-ff-activity-error">{error}</View> : null}
      <Button type="primary" size="large" block loading={saving} disabled={uploading} className="big-button e2e-ff-activity-save" onClick={() => void save()}>
        保存
      </Button>
      <View className="link-button" onClick={onCancel}>
        取消
      </View>
    </Card>
  )
}

export function Ledger({ nodes, initial }: { nodes: NodeRef[]; initial: NodeRef }) {
  const [node, setNode] = useState(initial)
  const [page, setPage] = useState<ActivityPage | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [logging, setLogging] = useState(false)
  const [more, setMore] = useState(false)

  function load(n: NodeRef = node) {
    setError(null)
    ffCalls.activities({ nodeId: n.id }).then(setPage, (e) => setError(errorText(e)))
  }
  useEffect(() => load(), [])

  async function loadMore() {
    if (!page?.nextCursor) return
    setMore(true)
    try {
      const next = await ffCalls.activities({ nodeId: node.id, cursor: page.nextCursor })
      setPage({ ...next, items: [...page.items, ...next.items] })
    } catch (e) {
      setError(errorText(e))
    } finally {
      setMore(false)
    }
  }

  async function remove(a: ActivityView) {
    if (!(await confirm('删除活动', `删除“${a.title}”这条登记吗？`, '删除'))) return
    try {
      await ffCalls.removeActivity(a.id)
      void Taro.showToast({ title: '已删除', icon: 'success' })
      load()
    } catch (e) {
      setError(errorText(e))
    }
  }

  return (
    <Screen className="ff ff-activities">
      <View className="page-title">宣传活动台账</View>
      <NodeSwitch
        nodes={nodes}
        current={node}
        onChange={(n) => {
          setNode(n)
          setPage(null)
          setLogging(false)
          load(n)
        }}
      />
      {logging ? (
        <LogForm
          key={node.id}
          node={node}
          onCancel={() => setLogging(false)}
          onLogged={() => {
            setLogging(false)
            load()
          }}
        />
      ) : (
        <Button type="primary" size="large" block className="big-button e2e-ff-activity-new" onClick={() => setLogging(true)}>
          登记一次活动
        </Button>
      )}
      {error ? <ErrorBlock message={error} onRetry={() => load()} /> : null}
      {!page && !error ? <Loading /> : null}
      {page ? (
        <Card title="已登记的活动" className="e2e-ff-activities">
          <View className="ff-sum e2e-ff-activity-totals">
            共 {page.total} 次活动，覆盖 {page.people} 人次
          </View>
          {page.items.length === 0 ? <View className="muted e2e-ff-activities-none">还没有登记过宣传活动。</View> : null}
          {page.items.map((a) => (
            <View key={a.id} className="list-item e2e-ff-activity">
              <View className="item-main">{a.title}</View>
              <View className="muted">
                {dayText(a.day)} · {ACTIVITY_KIND_LABELS[a.kind]} · {a.place}
              </View>
              <View className="muted">
                覆盖 {a.peopleReached} 人{a.node.id !== node.id ? ` · ${a.node.name}` : ''} · {a.createdBy}登记
              </View>
              {a.photos.length ? (
                <View className="ff-files">
                  {a.photos.map((p) => (
                    <Image
                      key={p.id}
                      className="ff-thumb"
                      src={fileSrc(p.url)}
                      mode="aspectFill"
                      onClick={() => void Taro.previewImage({ urls: a.photos.map((x) => fileSrc(x.url)), current: fileSrc(p.url) }).catch(() => undefined)}
                    />
                  ))}
                </View>
              ) : null}
              {a.canDelete ? (
                <View className="ff-activity-del e2e-ff-activity-del" onClick={() => void remove(a)}>
                  删除（登记有误时）
                </View>
              ) : null}
            </View>
          ))}
          {page.nextCursor ? (
            <Button type="primary" fill="outline" block loading={more} className="big-button" onClick={() => void loadMore()}>
              加载更多
            </Button>
          ) : null}
        </Card>
      ) : null}
    </Screen>
  )
}

export default function FfActivitiesPage() {
  return (
    <MyNodePage
      pick={ledgerNodes}
      none={
        <View>
          <View>宣传活动台账由村（社区）、网格、学校、单位的工作人员登记。</View>
          <View className="muted">您现在的身份不能登记活动。</View>
        </View>
      }
    >
      {(nodes, initial) => <Ledger nodes={nodes} initial={initial} />}
    </MyNodePage>
  )
}

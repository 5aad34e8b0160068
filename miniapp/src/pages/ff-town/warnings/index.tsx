// 红黄绿预警 of the town at a glance: every village, community, school and unit as a coloured tile
// (with the colour's word), counts by colour (tap to show one colour), a tile's reasons on tap; a
// month switch; computing a month (town admins); the rules and their editor.
import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { NODE_KIND_LABELS, type WarningColour } from '@wuzha/shared/dist/enums'
import type { WarningList, WarningRulesView, WarningView } from '@wuzha/shared/dist/schemas/fraud-free'
import type { MembershipView } from '@wuzha/shared/dist/schemas/org'
import { Card, ErrorBlock, Loading, Screen } from '../../../components/Screen'
import { confirm } from '../../../components/confirm'
import { ApiError } from '../../../services/request'
import { errorText, shortTime } from '../../../services/ff'
import {
  COLOUR_ORDER,
  COLOUR_WORDS,
  can,
  deskAt,
  ffAdmin,
  lastMonth,
  monthText,
  rulesErrors,
  rulesForm,
  sortTiles,
  thisMonth,
  toRulesInput,
  validateRules,
  type FormErrors,
  type RulesForm,
} from '../../../services/ff-admin'
import { DeskPage, Dot, FieldError, MonthSwitch } from '../parts'
import '../../quiz-bank/quiz-admin.scss'
import '../ff-town.scss'

function Reasons({ w }: { w: WarningView }) {
  return (
    <Card className={`e2e-ffwarn-detail fft-bg-${w.colour}`}>
      <View className="fft-title e2e-ffwarn-detail-name">
        <Dot colour={w.colour} />
        {w.node.name} · {COLOUR_WORDS[w.colour]}
      </View>
      <View className="muted">
        {NODE_KIND_LABELS[w.node.kind]} · {monthText(w.period)}
      </View>
      {w.reasons.length === 0 ? <View className="fft-reason">各项正常。</View> : null}
      {w.reasons.map((r, i) => (
        <View key={i} className="fft-reason e2e-ffwarn-reason">
          <Dot colour={r.colour} />
          {r.detail}
        </View>
      ))}
    </Card>
  )
}

const RULE_LINES: { key: keyof Omit<RulesForm, 'noActivityYellow'>; before: string; after: string; colour: string }[] = [
  { key: 'casesRed', before: '一个月发案达到', after: '起', colour: '红色' },
  { key: 'casesUpRedPercent', before: '发案比上月增加（黄色），增加达到', after: '%且不少于2起', colour: '红色' },
  { key: 'awarenessBelow', before: '近90天答题知晓率低于', after: '%', colour: '黄色' },
  { key: 'overdueYellow', before: '逾期未转发的信息达到', after: '条', colour: '黄色' },
  { key: 'overdueRed', before: '逾期未转发的信息达到', after: '条', colour: '红色' },
]

function RulesCard({ townId, manage }: { townId: number; manage: boolean }) {
  const [view, setView] = useState<WarningRulesView | null>(null)
  const [form, setForm] = useState<RulesForm | null>(null)
  const [errors, setErrors] = useState<FormErrors>({})
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  function load() {
    setError(null)
    ffAdmin
      .rules(townId)
      .then(setView)
      .catch((e) => setError(errorText(e)))
  }
  useEffect(load, [townId])
  if (error) return <ErrorBlock message={error} onRetry={load} />
  if (!view) return null
  const r = view.rules

  async function save() {
    if (!form) return
    const local = validateRules(form)
    if (Object.keys(local).length) return setErrors(local)
    setBusy(true)
    try {
      setView(await ffAdmin.saveRules(townId, toRulesInput(form)))
      setForm(null)
      setErrors({})
      void Taro.showToast({ title: '规则已保存，下次计算时生效', icon: 'none' })
    } catch (e) {
      setErrors(e instanceof ApiError && e.fields?.length ? rulesErrors(e.fields) : { form: errorText(e) })
    } finally {
      setBusy(false)
    }
  }

  if (!form) {
    return (
      <Card title="预警规则" className="e2e-ffwarn-rules">
        {RULE_LINES.map((l) => (
          <View key={l.key} className="fft-reason">
            {l.before}
            {r[l.key]}
            {l.after} → {l.colour}
          </View>
        ))}
        <View className="fft-reason">{r.noActivityYellow ? '当月没有登记宣传活动 → 黄色' : '没有宣传活动不预警'}</View>
        <View className="muted">{view.updatedAt ? `${shortTime(view.updatedAt)}修改` : '使用默认规则'}</View>
        {manage ? (
          <Button type="primary" fill="outline" block className="big-button e2e-ffwarn-rules-edit" onClick={() => setForm(rulesForm(r))}>
            修改规则
          </Button>
        ) : null}
      </Card>
    )
  }
  const f = form
  return (
    <Card title="修改预警规则" className="e2e-ffwarn-rules-form">
      {RULE_LINES.map((l) => (
        <View key={l.key} className="field">
          <View className="fft-inline">
            <View>{l.before}</View>
            <Input className={`fft-num e2e-ffwarn-rule-${l.key}`} type="number" value={f[l.key]} maxlength={4} onInput={(e) => setForm({ ...f, [l.key]: e.detail.value })} />
            <View>
              {l.after} → {l.colour}
            </View>
          </View>
          <FieldError text={errors[l.key]} />
        </View>
      ))}
      <View className="switch-row">
        <View>当月没有登记宣传活动时标黄色</View>
        <View className={`switch e2e-ffwarn-rule-activity ${f.noActivityYellow ? 'on' : ''}`} onClick={() => setForm({ ...f, noActivityYellow: !f.noActivityYellow })}>
          {f.noActivityYellow ? '标黄' : '不标'}
        </View>
      </View>
      {errors.form ? <View className="warn-text">{errors.form}</View> : null}
      <View className="button-row">
        <Button type="primary" loading={busy} disabled={busy} className="e2e-ffwarn-rules-save" onClick={() => void save()}>
          保存规则
        </Button>
        <Button type="default" disabled={busy} onClick={() => setForm(null)}>
          取消
        </Button>
      </View>
    </Card>
  )
}

export function WarningsBoard({ at }: { at: MembershipView }) {
  const [month, setMonth] = useState<string | null>(null)
  const [list, setList] = useState<WarningList | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [colour, setColour] = useState<WarningColour | null>(null)
  const [picked, setPicked] = useState<number | null>(null)
  const [busy, setBusy] = useState(false)
  const manage = can(at, 'ff.manage') && at.node.kind === 'town'

  function load(period: string | null) {
    setError(null)
    ffAdmin
      .warnings(at.node.id, period ?? undefined)
      .then((l) => {
        setList(l)
        // the first view: the latest computed month, else last month (to compute)
        if (period === null) setMonth(l.period ?? lastMonth())
      })
      .catch((e) => setError(errorText(e)))
  }
  useEffect(() => load(null), [at.node.id])

  function switchMonth(m: string) {
    setMonth(m)
    setPicked(null)
    setList(null)
    load(m)
  }

  async function compute() {
    if (!month) return
    if (!(await confirm('计算预警', `按现在的数据计算${monthText(month)}全镇各村（社区）、学校和单位的颜色？已有的结果会被更新。`, '计算'))) return
    setBusy(true)
    try {
      const r = await ffAdmin.computeWarnings(at.node.id, month)
      void Taro.showToast({ title: `已计算${r.nodes}个：红${r.red} 黄${r.yellow} 绿${r.green}`, icon: 'none', duration: 3000 })
      setPicked(null)
      load(r.period)
    } catch (e) {
      void Taro.showToast({ title: errorText(e), icon: 'none', duration: 3000 })
    } finally {
      setBusy(false)
    }
  }

  // an asked month nobody computed comes back empty
  const computed = Boolean(list && list.period === month && list.items.length > 0)
  const shown = list && computed ? sortTiles(list.items).filter((w) => !colour || w.colour === colour) : []
  return (
    <Screen className="quiz-admin ff-town">
      <View className="page-title">红黄绿预警</View>
      <View className="muted">{at.node.name}</View>
      {month ? <MonthSwitch month={month} max={thisMonth()} onChange={switchMonth} /> : null}
      {manage && month ? (
        <Button type="primary" size="large" block loading={busy} disabled={busy} className="big-button e2e-ffwarn-compute" onClick={() => void compute()}>
          计算{monthText(month)}的预警
        </Button>
      ) : null}
      {error ? <ErrorBlock message={error} onRetry={() => load(month)} /> : null}
      {!list && !error ? <Loading /> : null}
      {list && month && !computed ? (
        <Card>
          <View className="muted e2e-ffwarn-none">{monthText(month)}还没有计算预警。{manage ? '点上面的按钮计算。' : '请镇里的管理员计算。'}</View>
        </Card>
      ) : null}
      {list && computed ? (
        <>
          <View className="fft-counts e2e-ffwarn-counts">
            {COLOUR_ORDER.map((c) => (
              <View key={c} className={`fft-count fft-bg-${c} e2e-ffwarn-count-${c} ${colour === c ? 'selected' : ''}`} onClick={() => setColour(colour === c ? null : c)}>
                <View className="fft-count-n">{list.counts[c]}</View>
                <View>{COLOUR_WORDS[c]}</View>
              </View>
            ))}
          </View>
          <View className="muted">点颜色只看这一种，点方块看原因。</View>
          <View className="fft-tiles e2e-ffwarn-tiles">
            {shown.flatMap((w) => [
              <View key={w.node.id} className={`fft-tile fft-tile-${w.colour} e2e-ffwarn-tile e2e-ffwarn-tile-${w.colour} ${picked === w.node.id ? 'selected' : ''}`} onClick={() => setPicked(picked === w.node.id ? null : w.node.id)}>
                <View className="e2e-ffwarn-tile-name">{w.node.name}</View>
                <View className="fft-tile-word">
                  {COLOUR_WORDS[w.colour]}
                  {w.reasons.length ? ` · ${w.reasons.length}项` : ''}
                </View>
              </View>,
              // the reasons right under the tapped tile (a full-width line of the grid)
              ...(picked === w.node.id ? [<View key="detail" className="fft-tile-detail"><Reasons w={w} /></View>] : []),
            ])}
          </View>
          {shown.length === 0 ? <View className="muted">没有{colour ? COLOUR_WORDS[colour] : ''}的组织。</View> : null}
          <View className="gap" />
          {list.items[0] ? <View className="muted">计算时间 {shortTime(list.items[0].computedAt)}</View> : null}
        </>
      ) : null}
      <View className="gap" />
      {at.node.kind === 'town' ? <RulesCard townId={at.node.id} manage={manage} /> : null}
    </Screen>
  )
}

export default function WarningsPage() {
  return (
    <DeskPage pick={deskAt} refusal="只有镇里的工作人员可以查看全镇的预警">
      {(at) => <WarningsBoard at={at} />}
    </DeskPage>
  )
}

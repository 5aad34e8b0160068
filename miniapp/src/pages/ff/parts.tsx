// Pieces the 无诈创建 pages share: the page gates (which organisation, which program), the organisation
// switch, one indicator against its target, files (photos and PDFs) that open on tap, the warning
// colour with its reasons.
import type { ReactNode } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Image, Picker, View } from '@tarojs/components'
import { WARNING_COLOUR_LABELS, type ProgramKind } from '@wuzha/shared/dist/enums'
import type { FileView } from '@wuzha/shared/dist/schemas/bulletins'
import type { IndicatorValue, WarningList } from '@wuzha/shared/dist/schemas/fraud-free'
import type { MembershipView, NodeRef } from '@wuzha/shared/dist/schemas/org'
import { Card, ErrorBlock, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { MET_LABELS, explainSource, fileSrc, isPdf, metState, ruleText, targetText, valueText } from '../../services/ff'
import { param } from '../../services/nav'
import { showError } from '../../services/request'

// A page for one of my organisations: ?nodeId= picks it (else the first); none → why not, in words.
export function MyNodePage({ pick, none, children }: { pick: (ms: MembershipView[]) => NodeRef[]; none: ReactNode; children: (nodes: NodeRef[], initial: NodeRef) => ReactNode }) {
  const router = useRouter()
  const wanted = Number(param(router.params.nodeId))
  return (
    <SessionGate>
      {(me) => {
        const nodes = pick(me.memberships)
        const initial = nodes.find((n) => n.id === wanted) ?? nodes[0]
        return initial ? children(nodes, initial) : <Screen className="ff"><Card className="e2e-ff-not-for-me">{none}</Card></Screen>
      }}
    </SessionGate>
  )
}

// A page for one program and organisation (?programId=&nodeId=); a cut link says so.
export function ProgramNodePage({ children }: { children: (programId: number, nodeId: number) => ReactNode }) {
  const router = useRouter()
  const programId = Number(param(router.params.programId))
  const nodeId = Number(param(router.params.nodeId))
  return (
    <SessionGate>
      {() =>
        programId > 0 && nodeId > 0 ? (
          children(programId, nodeId)
        ) : (
          <Screen className="ff">
            <ErrorBlock message="链接不完整，请从“无诈创建”重新进入" />
          </Screen>
        )
      }
    </SessionGate>
  )
}

// Several organisations (a cadre of two villages): a picker; one: its name.
export function NodeSwitch({ nodes, current, onChange }: { nodes: NodeRef[]; current: NodeRef; onChange: (n: NodeRef) => void }) {
  if (nodes.length <= 1) return <View className="muted ff-node e2e-ff-node">{current.name}</View>
  const idx = Math.max(0, nodes.findIndex((n) => n.id === current.id))
  return (
    <Picker mode="selector" range={nodes.map((n) => n.name)} value={idx} onChange={(e) => onChange(nodes[Number(e.detail.value) || 0])}>
      <View className="field-input ff-node-pick e2e-ff-node">{current.name}（点这里切换）</View>
    </Picker>
  )
}

// One indicator: the value against the target, points, met or not; `explain` adds what counts.
export function IndicatorCard({ v, kind, note, explain = true }: { v: IndicatorValue; kind: ProgramKind; note?: string | null; explain?: boolean }) {
  const state = metState(v)
  return (
    <View className={`ff-ind ff-ind-${state} e2e-ff-indicator e2e-ff-ind-${v.key}`}>
      <View className="row ff-ind-head">
        <View className="ff-ind-name">{v.name}</View>
        {/* no data: the value already says so */}
        {state === 'nodata' ? null : <View className={`ff-met ff-met-${state} e2e-ff-met`}>{MET_LABELS[state]}</View>}
      </View>
      <View className="ff-ind-figures">
        <View className="ff-ind-value e2e-ff-value">{valueText(v)}</View>
        <View className="ff-ind-target e2e-ff-target">{targetText(v)}</View>
      </View>
      <View className="ff-ind-points e2e-ff-points">
        得分 {v.score} / {v.weight} 分
      </View>
      {explain ? (
        <View className="ff-ind-explain">
          <View>{explainSource(v.source, kind)}</View>
          <View>{ruleText(v)}</View>
          {note ? <View className="ff-ind-note">要求：{note}</View> : null}
        </View>
      ) : null}
    </View>
  )
}

// Photos as thumbnails (tap: full screen), PDFs as a named chip (tap: open). `onRemove` adds 删除.
export function FileList({ files, onRemove, className = '' }: { files: FileView[]; onRemove?: (f: FileView) => void; className?: string }) {
  if (files.length === 0) return null
  const images = files.filter((f) => !isPdf(f)).map((f) => fileSrc(f.url))
  return (
    <View className={`ff-files ${className}`}>
      {files.map((f, i) => (
        <View key={f.id} className="ff-file e2e-ff-file">
          {isPdf(f) ? (
            <View className="ff-pdf e2e-ff-pdf" onClick={() => void openPdf(f)}>
              PDF 文件 {i + 1}
              <View className="ff-pdf-size">{sizeText(f.size)}</View>
            </View>
          ) : (
            <Image className="ff-thumb" src={fileSrc(f.url)} mode="aspectFill" onClick={() => void Taro.previewImage({ urls: images, current: fileSrc(f.url) }).catch(() => undefined)} />
          )}
          {onRemove ? (
            <View className="ff-file-del e2e-ff-file-del" onClick={() => onRemove(f)}>
              删除
            </View>
          ) : null}
        </View>
      ))}
    </View>
  )
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)}MB` : `${Math.max(1, Math.round(bytes / 1024))}KB`
}

// A PDF: WeChat downloads it and opens its viewer; the browser opens the (signed) link.
export async function openPdf(f: FileView): Promise<void> {
  const url = fileSrc(f.url)
  if (process.env.TARO_ENV !== 'weapp') {
    window.open(url, '_blank')
    return
  }
  try {
    const r = await Taro.downloadFile({ url })
    await Taro.openDocument({ filePath: r.tempFilePath, fileType: 'pdf', showMenu: true })
  } catch {
    showError(new Error('文件打不开，请稍后再试'))
  }
}

const COLOUR_HINT = { green: '各项正常，继续保持。', yellow: '有需要注意的地方，请看下面的原因。', red: '情况比较严重，请尽快整改。' } as const

// This organisation's colour for the latest computed month, with its reasons.
export function WarningCard({ list, nodeId }: { list: WarningList | null; nodeId: number }) {
  const w = list?.items.find((i) => i.node.id === nodeId) ?? null
  const month = list?.period ? `${Number(list.period.slice(0, 4))}年${Number(list.period.slice(5, 7))}月` : ''
  return (
    <View className="card e2e-ff-warning">
      <View className="card-title">红黄绿预警{month ? `（${month}）` : ''}</View>
      {!w ? (
        <View className="muted e2e-ff-warning-none">{list?.period ? '这个月还没有本组织的预警结果。' : '镇里还没有计算预警。'}</View>
      ) : (
        <View>
          <View className={`ff-colour ff-colour-${w.colour} e2e-ff-colour`}>{WARNING_COLOUR_LABELS[w.colour]}</View>
          <View className="muted">{COLOUR_HINT[w.colour]}</View>
          {w.reasons.map((r) => (
            <View key={r.reason} className={`ff-reason ff-reason-${r.colour} e2e-ff-reason`}>
              {r.detail}
            </View>
          ))}
        </View>
      )}
    </View>
  )
}

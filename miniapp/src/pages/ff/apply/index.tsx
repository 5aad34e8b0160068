// 创建申报: the self-assessment and evidence per indicator (photos or PDFs), saved as a draft and
// submitted; after a return the reviewer's comment and the form again; during the notice (公示) its
// end and the objections raised; after the award the title with its printable certificate.
import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Image, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ApplicationView, AwardView, IndicatorSheet, ProgramView } from '@wuzha/shared/dist/schemas/fraud-free'
import type { FileView } from '@wuzha/shared/dist/schemas/bulletins'
import { Card, ErrorBlock, Loading, Screen } from '../../../components/Screen'
import { confirm } from '../../../components/confirm'
import {
  type ApplyForm,
  MAX_FILES,
  MAX_NOTE,
  MAX_SELF,
  awardLine,
  errorText,
  ffCalls,
  fileSrc,
  formFrom,
  formProblem,
  noteOf,
  shortTime,
  statusHint,
  statusLabel,
  titleOf,
  toInput,
  windowState,
  windowText,
} from '../../../services/ff'
import { pickEvidence, uploadImage } from '../../../services/upload'
import { FileList, IndicatorCard, ProgramNodePage } from '../parts'
import '../ff.scss'

interface Loaded {
  program: ProgramView
  app: ApplicationView | null
  sheet: IndicatorSheet
  award: AwardView | null
}

async function loadAll(programId: number, nodeId: number): Promise<Loaded> {
  const [program, list] = await Promise.all([ffCalls.program(programId), ffCalls.applications(nodeId, programId)])
  const mine = list.items.find((a) => a.node.id === nodeId) ?? null
  const app = mine ? await ffCalls.application(mine.id) : null
  const [sheet, award] = await Promise.all([
    app ? Promise.resolve(app.indicators) : ffCalls.indicators(programId, nodeId),
    app?.status === 'awarded' ? ffCalls.awards(nodeId).then((r) => r.items.find((a) => a.programId === programId) ?? null) : Promise.resolve(null),
  ])
  return { program, app, sheet, award }
}

export function Apply({ programId, nodeId }: { programId: number; nodeId: number }) {
  const [data, setData] = useState<Loaded | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [form, setForm] = useState<ApplyForm | null>(null)
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null)
  const [uploading, setUploading] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  function load() {
    setLoadError(null)
    loadAll(programId, nodeId).then(
      (d) => {
        setData(d)
        setForm(formFrom(d.program, d.app))
      },
      (e) => setLoadError(errorText(e)),
    )
  }
  useEffect(load, [])

  if (loadError) return <Screen className="ff"><ErrorBlock message={loadError} onRetry={load} /></Screen>
  if (!data || !form) return <Screen className="ff"><Loading /></Screen>
  const { program, app, sheet, award } = data
  const editable = app ? app.canEdit : windowState(program) === 'open'

  function patchEvidence(key: string, patch: Partial<ApplyForm['evidence'][string]>) {
    setForm((f) => (f ? { ...f, evidence: { ...f.evidence, [key]: { ...f.evidence[key], ...patch } } } : f))
  }

  async function addFiles(key: string) {
    setError(null)
    const have = form?.evidence[key]?.files.length ?? 0
    try {
      const picked = await pickEvidence(MAX_FILES - have)
      if (!picked.length) return
      setUploading(key)
      // one by one: a refused file names itself and keeps the ones already uploaded
      for (const p of picked) {
        const f = await uploadImage(p, 'evidence')
        setForm((cur) => {
          if (!cur) return cur
          const e = cur.evidence[key]
          return e.files.length < MAX_FILES ? { ...cur, evidence: { ...cur.evidence, [key]: { ...e, files: [...e.files, f] } } } : cur
        })
      }
    } catch (e) {
      setError(errorText(e))
    } finally {
      setUploading(null)
    }
  }

  function removeFile(key: string, file: FileView) {
    const e = form?.evidence[key]
    if (e) patchEvidence(key, { files: e.files.filter((x) => x.id !== file.id) })
  }

  // create the draft or update it; the view that comes back replaces the page's
  async function save(quiet: boolean): Promise<ApplicationView | null> {
    if (!form) return null
    const problem = formProblem(form, program)
    if (problem) {
      setError(problem)
      return null
    }
    const input = toInput(nodeId, program, form)
    const saved = app ? await ffCalls.update(app.id, input) : await ffCalls.create(programId, input)
    setData((d) => (d ? { ...d, app: saved, sheet: saved.indicators } : d))
    if (!quiet) void Taro.showToast({ title: '已保存草稿', icon: 'success' })
    return saved
  }

  async function onSave() {
    setError(null)
    setBusy('save')
    try {
      await save(false)
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(null)
    }
  }

  async function onSubmit() {
    setError(null)
    if (form) {
      const problem = formProblem(form, program)
      if (problem) return setError(problem)
    }
    const ok = await confirm('提交申报', '提交后由镇里评审，评审期间不能修改。确定提交吗？', '提交')
    if (!ok) return
    setBusy('submit')
    try {
      const saved = await save(true)
      if (!saved) return
      const done = await ffCalls.submit(saved.id)
      setData((d) => (d ? { ...d, app: done, sheet: done.indicators } : d))
      void Taro.showToast({ title: '已提交', icon: 'success' })
      // the status is at the top of the page
      void Taro.pageScrollTo({ scrollTop: 0, duration: 300 }).catch(() => undefined)
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(null)
    }
  }

  const evidenceOf = (key: string) => app?.evidence.find((e) => e.indicatorKey === key) ?? null
  return (
    <Screen className="ff ff-apply">
      <View className="page-title">{sheet.node.name}申报</View>
      <Card className="e2e-ff-apply-head">
        <View className="item-main">{program.title}</View>
        <View className={`ff-line ff-window-${windowState(program)}`}>{windowText(program)}</View>
        <View className="ff-line">
          申报状态：<View className={`ff-status ff-status-${app?.status ?? 'none'} e2e-ff-apply-status`}>{statusLabel(app?.status ?? null)}</View>
        </View>
        {app ? <View className="ff-line muted e2e-ff-apply-hint">{statusHint(app)}</View> : null}
        {app?.submittedAt ? <View className="ff-line muted">提交时间：{shortTime(app.submittedAt)}</View> : null}
        {app && (app.status === 'returned' || app.status === 'rejected') && app.reviewComment ? (
          <View className="ff-line">
            <View className="field-label">评审意见</View>
            <View className="ff-comment e2e-ff-review-comment">{app.reviewComment}</View>
          </View>
        ) : null}
        {!app && !editable ? <View className="warn-text e2e-ff-apply-closed">现在不在申报时间内，不能新建申报。</View> : null}
      </Card>

      {app?.status === 'notice' ? <NoticeCard app={app} /> : null}
      {award ? <AwardCard award={award} /> : null}

      <Card title="自我评价" className="e2e-ff-self-card">
        {editable ? (
          <View>
            <View className="muted">说说本组织开展反诈工作的做法和成效，例如开了几次会、办了哪些宣传活动、群众知晓情况。</View>
            <Textarea
              className="field-textarea ff-self e2e-ff-self"
              value={form.selfAssessment}
              maxlength={MAX_SELF}
              placeholder="至少写10个字"
              onInput={(e) => setForm((f) => (f ? { ...f, selfAssessment: e.detail.value } : f))}
            />
            <View className="ff-count">{form.selfAssessment.trim().length} / {MAX_SELF} 字</View>
          </View>
        ) : (
          <View className="ff-text e2e-ff-self-text">{app?.selfAssessment || '（还没有填写）'}</View>
        )}
      </Card>

      <Card title="各项指标和证明材料" className="e2e-ff-evidence-card">
        <View className="muted">
          自动统计的指标不用上传材料，也可以补充说明；“评审打分”的指标请上传照片或 PDF 文件。目前得分 <Text className="ff-total e2e-ff-apply-total">{sheet.total}</Text> 分。
        </View>
        {sheet.values.map((v) => {
          const e = form.evidence[v.key] ?? { note: '', files: [] }
          const shown = evidenceOf(v.key)
          const note = noteOf(program, v.key)
          return (
            <View key={v.key} className={`ff-evidence e2e-ff-evidence e2e-ff-evidence-${v.key}`}>
              <IndicatorCard v={v} kind={program.kind} explain={false} />
              {note ? <View className="ff-ind-note">要求：{note}</View> : null}
              {editable ? (
                <View>
                  <Textarea
                    className="field-textarea ff-evidence-note e2e-ff-evidence-note"
                    value={e.note}
                    maxlength={MAX_NOTE}
                    placeholder="补充说明（可不填）"
                    onInput={(ev) => patchEvidence(v.key, { note: ev.detail.value })}
                  />
                  <FileList files={e.files} onRemove={(f) => removeFile(v.key, f)} />
                  {e.files.length < MAX_FILES ? (
                    <Button
                      type="primary"
                      fill="outline"
                      block
                      loading={uploading === v.key}
                      disabled={uploading !== null && uploading !== v.key}
                      className="big-button e2e-ff-upload"
                      onClick={() => void addFiles(v.key)}
                    >
                      上传照片或PDF
                    </Button>
                  ) : null}
                </View>
              ) : shown ? (
                <View>
                  {shown.note ? <View className="ff-text">{shown.note}</View> : null}
                  <FileList files={shown.files} />
                </View>
              ) : null}
            </View>
          )
        })}
      </Card>

      {error ? <View className="field-error warn-text e2e-ff-apply-error">{error}</View> : null}
      {editable ? (
        <View>
          <Button type="primary" size="large" block loading={busy === 'submit'} disabled={busy !== null || uploading !== null} className="big-button e2e-ff-submit" onClick={() => void onSubmit()}>
            {app?.status === 'returned' ? '修改好了，重新提交' : '提交申报'}
          </Button>
          <Button type="primary" fill="outline" size="large" block loading={busy === 'save'} disabled={busy !== null || uploading !== null} className="big-button e2e-ff-save" onClick={() => void onSave()}>
            保存草稿
          </Button>
          <View className="muted">保存草稿后可以随时回来接着填；提交前请确认材料齐全。</View>
        </View>
      ) : null}
    </Screen>
  )
}

// 公示中: when it ends, and what people raised (text only, never who).
function NoticeCard({ app }: { app: ApplicationView }) {
  return (
    <Card title="公示" className="e2e-ff-notice">
      {app.score !== null ? <View>评审得分：{app.score} 分</View> : null}
      {app.noticeEndsAt ? <View className="e2e-ff-notice-end">公示到 {shortTime(app.noticeEndsAt)} 结束，期满后由镇里决定是否授牌。</View> : null}
      <View className="gap" />
      <View className="field-label">公示期间收到的意见（{app.objections.length}条）</View>
      {app.objections.length === 0 ? <View className="muted e2e-ff-no-objections">暂时没有人提出意见。</View> : null}
      {app.objections.map((o) => (
        <View key={o.id} className="ff-objection e2e-ff-objection">
          <View>{o.text}</View>
          <View className="muted">{shortTime(o.createdAt)}</View>
        </View>
      ))}
    </Card>
  )
}

// 已授牌: the title, its state and validity, the certificate to print while it is active.
function AwardCard({ award }: { award: AwardView }) {
  const url = award.certificateUrl ? fileSrc(award.certificateUrl) : null
  function openCertificate() {
    if (!url) return
    if (process.env.TARO_ENV === 'weapp') {
      // WeChat cannot print: copy the link for a computer's browser
      void Taro.setClipboardData({ data: url }).then(() => Taro.showToast({ title: '链接已复制，请在电脑浏览器中打开打印', icon: 'none', duration: 3000 }))
      return
    }
    window.open(url, '_blank')
  }
  return (
    <Card title={`“${titleOf(award.kind)}”称号`} className="e2e-ff-award-card">
      <View className="e2e-ff-award-line">{awardLine(award)}</View>
      <View className="muted">授牌时间：{shortTime(award.awardedAt)}，得分 {award.score} 分</View>
      {award.state === 'review' && award.reviewReason ? <View className="ff-comment">正在复核：{award.reviewReason}</View> : null}
      {award.state === 'revoked' && award.revokeReason ? <View className="ff-comment">撤销原因：{award.revokeReason}</View> : null}
      {url ? (
        <View>
          <Image className="ff-certificate" src={url} mode="aspectFit" />
          <Button type="primary" size="large" block className="big-button e2e-ff-certificate" onClick={openCertificate}>
            {process.env.TARO_ENV === 'weapp' ? '复制证书链接（到电脑上打印）' : '打开证书（可打印）'}
          </Button>
        </View>
      ) : null}
    </Card>
  )
}

export default function FfApplyPage() {
  return <ProgramNodePage>{(programId, nodeId) => <Apply programId={programId} nodeId={nodeId} />}</ProgramNodePage>
}

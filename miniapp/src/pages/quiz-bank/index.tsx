import { useEffect, useState } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { Input, Picker, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import {
  AUDIENCE_TAG_LABELS,
  DIFFICULTIES,
  DIFFICULTY_LABELS,
  FRAUD_TYPES,
  FRAUD_TYPE_LABELS,
  QUESTION_TYPES,
  QUESTION_TYPE_LABELS,
  type Difficulty,
  type FraudType,
  type QuestionType,
} from '@wuzha/shared/dist/enums'
import { optionLetter } from '@wuzha/shared/dist/quiz'
import type { ImportResult, QuestionView } from '@wuzha/shared/dist/schemas/quiz'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { confirm } from '../../components/confirm'
import { ApiError, api, showError, type FieldError } from '../../services/request'
import { go, param } from '../../services/nav'
import { QUIZ_PAGES, bankTown } from '../../services/quiz-admin'
import { downloadXlsx, importQuestions, pickXlsx } from '../../services/quiz-admin-io'
import './quiz-admin.scss'

type Bank = 'all' | 'builtin' | 'town'
const BANKS: [Bank, string][] = [
  ['all', '全部'],
  ['builtin', '系统题库'],
  ['town', '本镇题目'],
]

interface Filters {
  bank: Bank
  fraudType: FraudType | null
  type: QuestionType | null
  difficulty: Difficulty | null
  q: string
  retired: boolean
}

// A selector with a leading "any" choice: index 0 is null.
function AnyPicker<T extends string | number>({ label, value, values, labels, onChange, className }: { label: string; value: T | null; values: readonly T[]; labels: (v: T) => string; onChange: (v: T | null) => void; className: string }) {
  const range = [`${label}：全部`, ...values.map(labels)]
  const index = value === null ? 0 : values.indexOf(value) + 1
  return (
    <Picker className="picker" mode="selector" range={range} value={index} onChange={(e) => onChange(Number(e.detail.value) > 0 ? values[Number(e.detail.value) - 1] : null)}>
      <View className={`picker-box ${className}`}>{value === null ? `${label}：全部` : `${label}：${labels(value)}`}</View>
    </Picker>
  )
}

export function QuestionTags({ q }: { q: QuestionView }) {
  return (
    <View>
      <View className={`tag ${q.builtin ? 'blue' : 'green'}`}>{q.builtin ? '系统题库' : '本镇'}</View>
      <View className="tag">{QUESTION_TYPE_LABELS[q.type]}</View>
      <View className="tag">{DIFFICULTY_LABELS[q.difficulty]}</View>
      {q.status === 'retired' ? <View className="tag red">已停用</View> : null}
    </View>
  )
}

function ImportReport({ result, error }: { result: ImportResult | null; error: ApiError | null }) {
  if (result) {
    return (
      <View className="result-ok e2e-import-result">
        <View className="item-main">导入成功</View>
        <View>
          共 {result.rows} 行：新建 {result.created} 道，更新 {result.updated} 道，没有变化 {result.unchanged} 道。
        </View>
      </View>
    )
  }
  if (!error) return null
  const rows: FieldError[] = error.fields ?? []
  return (
    <View className="result-bad e2e-import-errors">
      <View className="item-main">{error.message}</View>
      {rows.map((f, i) => (
        <View key={i} className="row-error e2e-import-error-row">
          <View className="row-error-path">{f.path}</View>
          <View>{f.message}</View>
        </View>
      ))}
      {rows.length >= 100 ? <View className="muted">只列出前100处错误。</View> : null}
    </View>
  )
}

export function BankList({ townId }: { townId: number }) {
  const [filters, setFilters] = useState<Filters>({ bank: 'all', fraudType: null, type: null, difficulty: null, q: '', retired: false })
  const [search, setSearch] = useState('')
  const [items, setItems] = useState<QuestionView[] | null>(null)
  const [total, setTotal] = useState(0)
  const [cursor, setCursor] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<'import' | 'export' | 'more' | null>(null)
  const [imported, setImported] = useState<ImportResult | null>(null)
  const [importError, setImportError] = useState<ApiError | null>(null)

  async function load(next?: string) {
    setError(null)
    if (next) setBusy('more')
    try {
      const page = await api('quiz.questions.list', {
        query: {
          townId,
          bank: filters.bank,
          q: filters.q || undefined,
          type: filters.type ?? undefined,
          fraudType: filters.fraudType ?? undefined,
          difficulty: filters.difficulty ?? undefined,
          status: filters.retired ? 'retired' : 'active',
          cursor: next,
          limit: 20,
        },
        toast: false,
      })
      setItems((prev) => (next && prev ? [...prev, ...page.items] : page.items))
      setTotal(page.total)
      setCursor(page.nextCursor)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(null)
    }
  }
  useEffect(() => {
    void load()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [townId, filters])
  // back from the editor: show the saved question
  useDidShow(() => {
    if (items) void load()
  })

  const set = (p: Partial<Filters>) => setFilters((f) => ({ ...f, ...p }))

  async function onImport() {
    setImported(null)
    setImportError(null)
    try {
      const file = await pickXlsx()
      if (!file) return
      setBusy('import')
      setImported(await importQuestions(townId, file))
      void load()
    } catch (e) {
      if (e instanceof ApiError && e.status > 0 && e.status < 500) setImportError(e)
      else showError(e)
    } finally {
      setBusy(null)
    }
  }

  async function onExport() {
    setBusy('export')
    try {
      await downloadXlsx('quiz.questions.export', undefined, { townId, bank: filters.bank }, '题库.xlsx')
    } catch (e) {
      showError(e)
    } finally {
      setBusy(null)
    }
  }

  return (
    <Screen className="quiz-admin">
      <View className="page-title">反诈题库</View>
      <View className="button-row">
        <Button type="primary" size="large" className="e2e-bank-new" onClick={() => go(QUIZ_PAGES.questionEdit)}>
          新建题目
        </Button>
      </View>
      <View className="button-row">
        <Button type="primary" fill="outline" loading={busy === 'import'} disabled={busy !== null} className="e2e-bank-import" onClick={() => void onImport()}>
          导入 Excel
        </Button>
        <Button type="primary" fill="outline" loading={busy === 'export'} disabled={busy !== null} className="e2e-bank-export" onClick={() => void onExport()}>
          导出 Excel
        </Button>
      </View>
      <View className="field-hint muted">导入：先导出一份做模板，按格式填好再导入。有一行出错，整个文件都不会导入。</View>
      <View className="gap" />
      <ImportReport result={imported} error={importError} />

      <Card>
        <View className="segmented">
          {BANKS.map(([b, label]) => (
            <View key={b} className={`seg e2e-bank-${b} ${filters.bank === b ? 'selected' : ''}`} onClick={() => set({ bank: b })}>
              {label}
            </View>
          ))}
        </View>
        <View className="filters">
          <AnyPicker label="骗局类型" className="e2e-filter-fraud" value={filters.fraudType} values={FRAUD_TYPES} labels={(t) => FRAUD_TYPE_LABELS[t]} onChange={(v) => set({ fraudType: v })} />
          <View className="filter-row">
            <AnyPicker label="题型" className="e2e-filter-type" value={filters.type} values={QUESTION_TYPES} labels={(t) => QUESTION_TYPE_LABELS[t]} onChange={(v) => set({ type: v })} />
            <AnyPicker label="难度" className="e2e-filter-difficulty" value={filters.difficulty} values={DIFFICULTIES} labels={(d) => DIFFICULTY_LABELS[d]} onChange={(v) => set({ difficulty: v })} />
          </View>
          <View className="filter-row">
            <Input className="search-input e2e-bank-search" value={search} maxlength={50} placeholder="搜索题目里的字" confirmType="search" onInput={(e) => setSearch(e.detail.value)} onConfirm={() => set({ q: search.trim() })} />
            <Button type="primary" className="e2e-bank-search-go" onClick={() => set({ q: search.trim() })}>
              搜索
            </Button>
          </View>
          <View className={`chip e2e-filter-retired ${filters.retired ? 'selected' : ''}`} onClick={() => set({ retired: !filters.retired })}>
            {filters.retired ? '✓ 只看已停用的题' : '只看已停用的题'}
          </View>
        </View>
      </Card>

      {error ? <ErrorBlock message={error} onRetry={() => void load()} /> : null}
      {!items && !error ? <Loading /> : null}
      {items ? (
        <Card>
          <View className="muted e2e-bank-total">共 {total} 道题</View>
          {items.length === 0 ? <View className="muted e2e-bank-empty">没有符合条件的题目。</View> : null}
          {items.map((q) => (
            <View key={q.id} className="q-item e2e-bank-item" onClick={() => go(QUIZ_PAGES.bank, { id: q.id })}>
              <QuestionTags q={q} />
              <View className="q-stem">{q.stem}</View>
              <View className="muted">
                {q.code} · {q.fraudTypes.map((t) => FRAUD_TYPE_LABELS[t]).join('、')}
              </View>
            </View>
          ))}
          {cursor ? (
            <Button type="primary" fill="outline" block loading={busy === 'more'} className="big-button e2e-bank-more" onClick={() => void load(cursor)}>
              加载更多
            </Button>
          ) : null}
        </Card>
      ) : null}
    </Screen>
  )
}

export function QuestionDetail({ id }: { id: number }) {
  const [q, setQ] = useState<QuestionView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  function load() {
    setError(null)
    api('quiz.questions.get', { params: { id }, toast: false })
      .then(setQ)
      .catch((e: Error) => setError(e.message))
  }
  useEffect(load, [id])
  useDidShow(() => {
    if (q) load()
  })

  if (error) {
    return (
      <Screen>
        <ErrorBlock message={error} onRetry={load} />
      </Screen>
    )
  }
  if (!q) {
    return (
      <Screen>
        <Loading />
      </Screen>
    )
  }

  async function setStatus(status: 'active' | 'retired') {
    if (status === 'retired' && !(await confirm('停用题目', '停用后，新的答题活动不会再抽到这道题。以前的答题记录不受影响。', '停用'))) return
    setBusy(true)
    try {
      setQ(await api('quiz.questions.status', { params: { id }, body: { status } }))
      void Taro.showToast({ title: status === 'retired' ? '已停用' : '已恢复', icon: 'success' })
    } catch {
      // toast shown by the request client
    } finally {
      setBusy(false)
    }
  }

  return (
    <Screen className="quiz-admin">
      <Card className="e2e-question-detail">
        <QuestionTags q={q} />
        <View className="muted">
          编号 {q.code} · 第{q.version}版
        </View>
        <View className="page-title e2e-detail-stem">{q.stem}</View>
        {q.options.map((o, i) => (
          <View key={i} className={`option ${q.answer.includes(i) ? 'correct e2e-detail-correct' : ''}`}>
            <View className="option-letter">{optionLetter(i)}</View>
            <View>{o}</View>
            {q.answer.includes(i) ? <View className="answer-mark">✓ 正确答案</View> : null}
          </View>
        ))}
        <View className="explain">
          <View className="item-main">解析</View>
          <View>{q.explanation}</View>
          {q.source ? <View className="muted">出处：{q.source}</View> : null}
        </View>
        <View className="gap" />
        <View className="muted">骗局类型：{q.fraudTypes.map((t) => FRAUD_TYPE_LABELS[t]).join('、')}</View>
        <View className="muted">适合人群：{q.audiences.length ? q.audiences.map((a) => AUDIENCE_TAG_LABELS[a]).join('、') : '所有人'}</View>
      </Card>
      {q.builtin ? (
        <>
          <View className="muted">系统题库的题目不能修改。可以照着它新建一道本镇的题目。</View>
          <Button type="primary" fill="outline" size="large" block className="big-button e2e-detail-copy" onClick={() => go(QUIZ_PAGES.questionEdit, { copy: q.id })}>
            照这道题新建
          </Button>
        </>
      ) : (
        <View className="button-row">
          <Button type="primary" size="large" className="e2e-detail-edit" onClick={() => go(QUIZ_PAGES.questionEdit, { id: q.id })}>
            修改
          </Button>
          {q.status === 'active' ? (
            <Button type="danger" fill="outline" size="large" disabled={busy} className="e2e-detail-retire" onClick={() => void setStatus('retired')}>
              停用
            </Button>
          ) : (
            <Button type="primary" fill="outline" size="large" disabled={busy} className="e2e-detail-restore" onClick={() => void setStatus('active')}>
              恢复使用
            </Button>
          )}
        </View>
      )}
    </Screen>
  )
}

export default function QuizBankPage() {
  const router = useRouter()
  const id = Number(param(router.params.id)) || 0
  return (
    <SessionGate>
      {(me) => {
        if (id > 0) return <QuestionDetail id={id} />
        const town = bankTown(me)
        return town ? (
          <BankList townId={town.node.id} />
        ) : (
          <Screen>
            <ErrorBlock message="只有镇反诈分中心的管理员可以管理题库" />
          </Screen>
        )
      }}
    </SessionGate>
  )
}

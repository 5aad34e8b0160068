// The town sub-centre's bulletin entries on the home workbench: write, manage/review (with the
// number awaiting review), statistics.
import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ROLE_META } from '@wuzha/shared/dist/roles'
import type { MembershipView } from '@wuzha/shared/dist/schemas/org'
import { api } from '../services/request'
import { PAGES, go } from '../services/nav'

export function isTownDesk(m: MembershipView): boolean {
  const p = ROLE_META[m.role].permissions
  return m.node.kind === 'town' && (p.includes('bulletins.write') || p.includes('bulletins.review'))
}

export function TownDesk({ m }: { m: MembershipView }) {
  const perms = ROLE_META[m.role].permissions
  const [waiting, setWaiting] = useState<string | null>(null)
  useEffect(() => {
    if (!perms.includes('bulletins.review')) return
    api('bulletins.list', { query: { townId: m.node.id, status: 'submitted', limit: 100 }, toast: false })
      .then((p) => setWaiting(p.items.length ? `${p.items.length}${p.nextCursor ? '+' : ''}` : null))
      .catch(() => setWaiting(null))
  }, [m.node.id])
  return (
    <View className="town-desk e2e-town-desk">
      <View className="card-title">三级群信息</View>
      {perms.includes('bulletins.write') ? (
        <Button type="primary" size="large" block className="big-button e2e-desk-compose" onClick={() => go(PAGES.compose)}>
          写信息
        </Button>
      ) : null}
      <Button type="primary" fill="outline" size="large" block className="big-button e2e-desk-bulletins" onClick={() => go(PAGES.bulletins)}>
        {waiting ? `信息管理/审核（${waiting}条待审）` : '信息管理/审核'}
      </Button>
      {perms.includes('dashboard.read') ? (
        <Button type="primary" fill="outline" size="large" block className="big-button e2e-desk-stats" onClick={() => go(PAGES.dashboard, { nodeId: m.node.id })}>
          转发与阅读统计
        </Button>
      ) : null}
      <QuizDesk m={m} />
    </View>
  )
}

// 反诈答题 on a staff workbench: 题库 (quiz.bank), 答题活动 (quiz.manage), 答题统计 (quiz.stats).
// Page URLs written out here: importing services/quiz-admin would pull it into the main package.
export function quizEntries(m: MembershipView): { bank: boolean; manage: boolean; stats: boolean } {
  const p = ROLE_META[m.role].permissions
  return { bank: p.includes('quiz.bank') && m.node.kind === 'town', manage: p.includes('quiz.manage'), stats: p.includes('quiz.stats') }
}

export function QuizDesk({ m }: { m: MembershipView }) {
  const e = quizEntries(m)
  if (!e.bank && !e.manage && !e.stats) return null
  return (
    <View className="coming-soon e2e-quiz-desk">
      <View className="coming-soon-title">反诈答题</View>
      <View className="button-row">
        {e.bank ? (
          <Button type="primary" fill="outline" className="e2e-desk-quiz-bank" onClick={() => go('/pages/quiz-bank/index')}>
            题库
          </Button>
        ) : null}
        {e.manage ? (
          <Button type="primary" fill="outline" className="e2e-desk-campaigns" onClick={() => go('/pages/campaigns/index')}>
            答题活动
          </Button>
        ) : null}
        {e.stats ? (
          <Button type="primary" fill="outline" className="e2e-desk-quiz-stats" onClick={() => go('/pages/campaigns/index', { stats: 1 })}>
            答题统计
          </Button>
        ) : null}
      </View>
    </View>
  )
}

// 无诈创建 on a staff workbench. The applicant side: village cadres, unit contacts and school admins
// (ff.apply) see their programs and indicators and apply; they and the others who log propaganda
// activities below the town (grid workers, teachers) open the activity ledger. The town side: town
// (and county) admins open the programs and summary, the review queue and the warnings; the police
// liaison enters the monthly case figures and sees the warnings.
// Page URLs written out here: importing services/ff would pull it into the main package.
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ROLE_META } from '@wuzha/shared/dist/roles'
import type { MembershipView } from '@wuzha/shared/dist/schemas/org'
import { go } from '../services/nav'
import { ComingSoon } from './Screen'

export interface FfEntries {
  // 创建评比: programs, my indicators, the application
  apply: boolean
  // 宣传活动台账
  ledger: boolean
  // the town side: programs and summary (ff.read/ff.manage), review queue (ff.review), warnings, case figures (cases.write)
  town: boolean
  review: boolean
  warnings: boolean
  cases: boolean
}

export function ffEntries(m: MembershipView): FfEntries {
  const p = ROLE_META[m.role].permissions
  const belowTown = m.node.kind !== 'town' && m.node.kind !== 'county'
  const atTown = m.node.kind === 'town' || m.node.kind === 'county'
  const reads = atTown && (p.includes('ff.read') || p.includes('ff.manage'))
  return {
    apply: p.includes('ff.apply') && belowTown,
    ledger: p.includes('activities.write') && belowTown,
    town: reads,
    review: atTown && p.includes('ff.review'),
    warnings: reads,
    cases: m.node.kind === 'town' && p.includes('cases.write'),
  }
}

export function FfDesk({ m }: { m: MembershipView }) {
  const e = ffEntries(m)
  if (!e.apply && !e.ledger && !e.town && !e.cases) return <ComingSoon title="无诈创建" text="无诈社区、单位、校园、楼宇的申报和评比。" />
  return (
    <View className="coming-soon e2e-ff-desk">
      <View className="coming-soon-title">无诈创建</View>
      {e.apply ? <View className="muted">创建评比的指标、申报，以及本组织的红黄绿预警。</View> : null}
      <View className="button-row">
        {e.apply ? (
          <Button type="primary" fill="outline" className="e2e-desk-ff-programs" onClick={() => go('/pages/ff/programs/index', { nodeId: m.node.id })}>
            创建评比
          </Button>
        ) : null}
        {e.ledger ? (
          <Button type="primary" fill="outline" className="e2e-desk-ff-ledger" onClick={() => go('/pages/ff/activities/index', { nodeId: m.node.id })}>
            活动台账
          </Button>
        ) : null}
        {e.cases ? (
          <Button type="primary" fill="outline" className="e2e-desk-ff-cases" onClick={() => go('/pages/ff-town/cases/index', { nodeId: m.node.id })}>
            填报发案数
          </Button>
        ) : null}
        {e.town ? (
          <Button type="primary" fill="outline" className="e2e-desk-ff-town" onClick={() => go('/pages/ff-town/index', { nodeId: m.node.id })}>
            {e.review ? '创建评比' : '创建概况'}
          </Button>
        ) : null}
      </View>
      {e.review || e.warnings ? (
        <View className="button-row">
          {e.review ? (
            <Button type="primary" fill="outline" className="e2e-desk-ff-review" onClick={() => go('/pages/ff-town/review/index', { nodeId: m.node.id })}>
              申报评审
            </Button>
          ) : null}
          {e.warnings ? (
            <Button type="primary" fill="outline" className="e2e-desk-ff-warnings" onClick={() => go('/pages/ff-town/warnings/index', { nodeId: m.node.id })}>
              红黄绿预警
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}

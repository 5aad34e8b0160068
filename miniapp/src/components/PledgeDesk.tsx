// 承诺书签署 on a staff workbench: campaigns and their progress (town and school admins, teachers for
// their classes, village cadres, unit contacts), class rosters (school admins; teachers read), texts.
// Page URLs written out here: importing services/pledge-admin would pull zod into the main package.
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ROLE_META } from '@wuzha/shared/dist/roles'
import type { MembershipView } from '@wuzha/shared/dist/schemas/org'
import { go } from '../services/nav'

export interface PledgeEntries {
  // campaigns list: 'manage' offers 新建, 'track' only follows progress
  campaigns: 'manage' | 'track' | null
  roster: 'edit' | 'read' | null
  templates: 'edit' | 'read' | null
}

export function pledgeEntries(m: MembershipView): PledgeEntries {
  const p = ROLE_META[m.role].permissions
  const manage = p.includes('pledge.manage') && (m.node.kind === 'town' || m.node.kind === 'school')
  const track = p.includes('pledge.track')
  const schoolSide = m.node.kind === 'school' || m.node.kind === 'grade' || m.node.kind === 'class'
  return {
    campaigns: manage ? 'manage' : track ? 'track' : null,
    // rosters belong to schools: a school admin (or a town admin picking a school) edits; teachers read
    roster: p.includes('pledge.roster') && (m.node.kind === 'school' || m.node.kind === 'town') ? 'edit' : m.role === 'teacher' && schoolSide ? 'read' : null,
    templates: p.includes('pledge.templates') && m.node.kind === 'town' ? 'edit' : manage ? 'read' : null,
  }
}

export function PledgeDesk({ m }: { m: MembershipView }) {
  const e = pledgeEntries(m)
  if (!e.campaigns && !e.roster && !e.templates) return null
  return (
    <View className="coming-soon e2e-pledge-desk">
      <View className="coming-soon-title">承诺书签署</View>
      <View className="button-row">
        {e.campaigns ? (
          <Button type="primary" fill="outline" className="e2e-desk-pledge-campaigns" onClick={() => go('/pages/pledge-campaigns/index', { nodeId: m.node.id })}>
            {e.campaigns === 'manage' ? '签署活动' : m.role === 'teacher' ? '班级签署进度' : '签署进度'}
          </Button>
        ) : null}
        {e.roster ? (
          <Button type="primary" fill="outline" className="e2e-desk-pledge-roster" onClick={() => go('/pages/pledge-roster/index', { nodeId: m.node.id })}>
            {e.roster === 'edit' ? '花名册' : '班级花名册'}
          </Button>
        ) : null}
        {e.templates ? (
          <Button type="primary" fill="outline" className="e2e-desk-pledge-templates" onClick={() => go('/pages/pledge-templates/index', { nodeId: m.node.id })}>
            承诺书范本
          </Button>
        ) : null}
      </View>
    </View>
  )
}

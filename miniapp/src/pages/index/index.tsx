import Taro, { useDidShow } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ROLE_META } from '@wuzha/shared/dist/roles'
import type { MeResponse } from '@wuzha/shared/dist/schemas/me'
import type { MembershipView } from '@wuzha/shared/dist/schemas/org'
import { Card, ComingSoon, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { FeedCard, GroupWork } from '../../components/Broadcasts'
import { QuizDesk, TownDesk, isTownDesk } from '../../components/TownDesk'
import { PledgeDesk } from '../../components/PledgeDesk'
import { FfDesk } from '../../components/FfDesk'
import { PAGES, go, goTab } from '../../services/nav'
import { getSession, reloadMe } from '../../store/session'

function placeName(m: MembershipView): string {
  return [...m.nodePath.slice(-1), m.node.name].join(' · ')
}

function NoMembership() {
  return (
    <Card className="e2e-no-membership">
      <View className="card-title">您还没有加入村（社区）</View>
      <View className="muted">加入后，就能收到本村（社区）的反诈骗提醒和学习内容。</View>
      <Button type="primary" size="large" block className="big-button e2e-choose-village" onClick={() => go(PAGES.chooseVillage)}>
        选择您所在的村（社区）
      </Button>
      <Button type="primary" fill="outline" size="large" block className="big-button e2e-enter-invite" onClick={() => go(PAGES.join)}>
        输入邀请码
      </Button>
      <View className="muted">学生、家长、工作人员请用学校或上级给您的邀请码加入。</View>
    </Card>
  )
}

function Community({ m }: { m: MembershipView }) {
  return (
    <Card className="e2e-community">
      <View className="row">
        <View className="card-title e2e-community-name">{m.node.name}</View>
        <View className="tag-role">{ROLE_META[m.role].label}</View>
      </View>
      <View className="muted">{m.nodePath.join(' / ')}</View>
      <Button type="primary" size="large" block className="big-button e2e-go-learn" onClick={() => goTab(PAGES.learn)}>
        学习防骗知识
      </Button>
      <ComingSoon title="反诈答题" text="做几道题，看看自己能不能识破骗局。" />
      <ComingSoon title="承诺书签署" text="学生和家长签署反诈承诺书。" />
    </Card>
  )
}

function Workbench({ m }: { m: MembershipView }) {
  const meta = ROLE_META[m.role]
  const canManage = meta.permissions.includes('members.read')
  const canInvite = meta.permissions.includes('invites.create')
  return (
    <Card className="e2e-workbench">
      <View className="row">
        <View className="card-title e2e-workbench-name">{m.node.name}</View>
        <View className="tag-role">{meta.label}</View>
      </View>
      <View className="muted">{placeName(m)}</View>
      {canManage || canInvite ? (
        <View className="button-row">
          {canManage ? (
            <Button type="primary" className="e2e-members" onClick={() => go(PAGES.members, { nodeId: m.node.id, name: m.node.name })}>
              成员
            </Button>
          ) : null}
          {canInvite ? (
            <Button type="primary" fill="outline" className="e2e-invite" onClick={() => go(PAGES.invite, { nodeId: m.node.id, role: m.role })}>
              邀请
            </Button>
          ) : null}
        </View>
      ) : (
        <View className="muted">您的身份可以查看本级组织的信息。</View>
      )}
      {isTownDesk(m) ? <TownDesk m={m} /> : null}
      <GroupWork m={m} />
      {isTownDesk(m) ? null : <QuizDesk m={m} />}
      <PledgeDesk m={m} />
      <FfDesk m={m} />
    </Card>
  )
}

function Hotline() {
  return (
    <Card className="hotline">
      <View className="card-title">遇到可疑情况</View>
      <View>凡是让您转账、汇款、交“保证金”的，先停下来，问问家人。</View>
      <Button type="danger" size="large" block className="big-button" onClick={() => void Taro.makePhoneCall({ phoneNumber: '96110' }).catch(() => undefined)}>
        拨打 96110 反诈专线
      </Button>
    </Card>
  )
}

export default function Home() {
  useDidShow(() => {
    // back from join / choose-village: memberships may have changed
    if (getSession().phase === 'ready') void reloadMe()
  })
  return <SessionGate redirectToLogin>{(me) => <HomeContent me={me} />}</SessionGate>
}

function HomeContent({ me }: { me: MeResponse }) {
  const staff = me.memberships.filter((m) => ROLE_META[m.role].staff)
  const member = me.memberships.filter((m) => !ROLE_META[m.role].staff)
  return (
    <Screen className="home">
      <View className="page-title e2e-greeting">{me.nameSet ? `${me.displayName}，您好` : '您好'}</View>
      {!me.nameSet ? (
        <Card className="e2e-set-name">
          <View>请先填写您的姓名，方便村里的工作人员认出您。</View>
          <Button type="primary" fill="outline" block className="big-button" onClick={() => go(PAGES.profile)}>
            填写姓名
          </Button>
        </Card>
      ) : null}
      {me.memberships.length === 0 ? <NoMembership /> : null}
      {staff.map((m) => (
        <Workbench key={m.id} m={m} />
      ))}
      {member.map((m) => (
        <Community key={m.id} m={m} />
      ))}
      {member.length > 0 ? <FeedCard /> : null}
      <Hotline />
      {me.memberships.length > 0 ? (
        <View className="row">
          <View className="link-button" onClick={() => go(PAGES.chooseVillage)}>
            加入其他村（社区）
          </View>
          <View className="link-button" onClick={() => go(PAGES.join)}>
            输入邀请码
          </View>
        </View>
      ) : null}
    </Screen>
  )
}

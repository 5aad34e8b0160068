import { useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ROLE_META } from '@wuzha/shared/dist/roles'
import { RELATIONSHIP_LABELS } from '@wuzha/shared/dist/enums'
import type { FamilyMemberView } from '@wuzha/shared/dist/schemas/me'
import type { MembershipView } from '@wuzha/shared/dist/schemas/org'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { confirm } from '../../components/confirm'
import { PledgeEntryRow } from '../../components/PledgeEntry'
import { api } from '../../services/request'
import { PAGES, go, goTab } from '../../services/nav'
import { bootstrap, getSession, reloadMe, signOut, useSession } from '../../store/session'

export default function Mine() {
  const s = useSession()
  const [family, setFamily] = useState<FamilyMemberView[] | null>(null)

  useDidShow(() => {
    if (getSession().phase !== 'ready') return
    void reloadMe()
    api('me.family.list', { toast: false })
      .then((r) => setFamily(r.items))
      .catch(() => setFamily(null))
  })

  async function leave(m: MembershipView) {
    const ok = await confirm('退出组织', `确定退出“${m.node.name}”吗？退出后将收不到这里的提醒。`, '退出')
    if (!ok) return
    await api('memberships.remove', { params: { id: m.id } })
    void Taro.showToast({ title: '已退出', icon: 'success' })
    await reloadMe()
  }

  async function doSignOut() {
    const ok = await confirm('退出登录', '确定退出登录吗？', '退出登录')
    if (!ok) return
    await signOut()
    goTab(PAGES.home)
  }

  if (s.phase !== 'ready' || !s.me) {
    return (
      <Screen>
        {s.phase === 'error' ? (
          <ErrorBlock message={s.error ?? '加载失败'} onRetry={() => void bootstrap()} />
        ) : s.phase === 'loading' ? (
          <Loading />
        ) : (
          <Card title="还没有登录">
            <Button type="primary" size="large" block className="big-button" onClick={() => goTab(PAGES.home)}>
              回到首页登录
            </Button>
          </Card>
        )}
      </Screen>
    )
  }

  const me = s.me
  return (
    <Screen className="mine">
      <Card className="e2e-profile-summary">
        <View className="row">
          <View>
            <View className="page-title">{me.nameSet ? me.displayName : '未填写姓名'}</View>
            <View className="muted">手机号：{me.phoneMasked ?? '未绑定'}</View>
          </View>
        </View>
        <Button type="primary" fill="outline" block className="big-button e2e-edit-profile" onClick={() => go(PAGES.profile)}>
          修改资料和家人
        </Button>
      </Card>

      <Card>
        <PledgeEntryRow />
      </Card>

      <Card title="我加入的组织" className="e2e-memberships">
        {me.memberships.length === 0 ? <View className="muted">还没有加入任何组织。</View> : null}
        {me.memberships.map((m) => (
          <View key={m.id} className="list-item row">
            <View>
              <View className="item-main">{m.node.name}</View>
              <View className="muted">
                {ROLE_META[m.role].label} · {m.nodePath.join(' / ')}
              </View>
            </View>
            {!ROLE_META[m.role].staff ? (
              <View className="link-button" onClick={() => void leave(m).catch(() => undefined)}>
                退出
              </View>
            ) : null}
          </View>
        ))}
        <Button type="primary" fill="outline" block className="big-button" onClick={() => go(PAGES.chooseVillage)}>
          加入村（社区）
        </Button>
      </Card>

      <Card title="我的家人" className="e2e-family-summary">
        {family === null ? <View className="muted">打开“修改资料和家人”可以添加家人。</View> : null}
        {family && family.length === 0 ? <View className="muted">还没有添加家人。添加后，村里可以把防骗提醒也带给他们。</View> : null}
        {family?.map((f) => (
          <View key={f.id} className="list-item">
            {f.name}（{RELATIONSHIP_LABELS[f.relationship]}）
          </View>
        ))}
      </Card>

      <Button type="default" size="large" block className="big-button e2e-logout" onClick={() => void doSignOut()}>
        退出登录
      </Button>
    </Screen>
  )
}

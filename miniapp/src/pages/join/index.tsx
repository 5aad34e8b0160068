import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Input, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ROLE_META } from '@wuzha/shared/dist/roles'
import type { InvitePreview } from '@wuzha/shared/dist/schemas/invites'
import { Card, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { ApiError, api } from '../../services/request'
import { PAGES, goTab, param } from '../../services/nav'
import { reloadMe } from '../../store/session'

// Invite codes: 8 characters from A-Z without I and O, digits 2-9.
export const INVITE_CODE = /^[A-HJ-NP-Z2-9]{8}$/

export function normalizeCode(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase()
}

function formatDate(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`
}

export function JoinForm({ initialCode }: { initialCode: string }) {
  const [code, setCode] = useState(normalizeCode(initialCode))
  const [error, setError] = useState<string | null>(null)
  const [preview, setPreview] = useState<InvitePreview | null>(null)
  const [busy, setBusy] = useState(false)

  async function look(c: string) {
    const value = normalizeCode(c)
    setPreview(null)
    if (!INVITE_CODE.test(value)) {
      setError('邀请码是8位字母或数字，请核对后再输入')
      return
    }
    setError(null)
    setBusy(true)
    try {
      setPreview(await api('invites.preview', { params: { code: value }, toast: false }))
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '查询失败，请稍后再试')
    } finally {
      setBusy(false)
    }
  }

  async function accept() {
    if (!preview) return
    setBusy(true)
    try {
      await api('invites.accept', { params: { code: preview.code }, toast: false })
      await reloadMe()
      void Taro.showToast({ title: '加入成功', icon: 'success' })
      goTab(PAGES.home)
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '加入失败，请稍后再试')
    } finally {
      setBusy(false)
    }
  }

  // opened from a QR code or a shared card: look the code up right away
  useEffect(() => {
    if (initialCode) void look(initialCode)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initialCode])

  return (
    <Screen className="join">
      <View className="page-title">输入邀请码</View>
      <View className="lead">邀请码是村（社区）、学校或上级工作人员给您的8位字母数字。</View>
      <View className="field">
        <View className="field-label">邀请码</View>
        <Input
          className="field-input e2e-invite-input"
          value={code}
          maxlength={12}
          placeholder="例如 ABCD2345"
          onInput={(e) => setCode(normalizeCode(e.detail.value))}
          onConfirm={() => void look(code)}
        />
        {error ? <View className="field-error e2e-join-error">{error}</View> : null}
      </View>
      <Button type="primary" size="large" block loading={busy && !preview} className="big-button e2e-look-invite" onClick={() => void look(code)}>
        查看邀请
      </Button>
      {preview ? (
        <Card className="e2e-invite-preview" title="邀请信息">
          <View className="item-main">{preview.node.name}</View>
          <View className="muted">{preview.nodePath.join(' / ')}</View>
          <View className="gap" />
          <View>
            身份：<View className="tag-role">{ROLE_META[preview.role].label}</View>
          </View>
          <View>邀请人：{preview.inviterName}</View>
          <View>有效期至：{formatDate(preview.expiresAt)}</View>
          {preview.alreadyMember ? (
            <View className="warn-text">您已经是这里的{ROLE_META[preview.role].label}，不用重复加入。</View>
          ) : (
            <Button type="primary" size="large" block loading={busy} className="big-button e2e-accept-invite" onClick={() => void accept()}>
              接受邀请并加入
            </Button>
          )}
        </Card>
      ) : null}
    </Screen>
  )
}

export default function JoinPage() {
  const router = useRouter()
  // ?code= from a shared card or link; ?scene= from a WeChat mini program code (wxacode) scan
  const initial = param(router.params.code) || param(router.params.scene)
  return <SessionGate>{() => <JoinForm initialCode={initial} />}</SessionGate>
}

import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button as TaroButton, Input, Picker, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { RELATIONSHIPS, RELATIONSHIP_LABELS, type Relationship } from '@wuzha/shared/dist/enums'
import type { FamilyMemberView, MeResponse } from '@wuzha/shared/dist/schemas/me'
import { Card, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { confirm } from '../../components/confirm'
import { ApiError, api } from '../../services/request'
import { setMe } from '../../store/session'

const IS_WEAPP = process.env.TARO_ENV === 'weapp'
const REL_LABELS = RELATIONSHIPS.map((r) => RELATIONSHIP_LABELS[r])

function fieldErrors(e: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (e instanceof ApiError) e.fields?.forEach((f) => (out[f.path.replace(/^body\./, '')] = f.message))
  return out
}

function NameCard({ me }: { me: MeResponse }) {
  const [name, setName] = useState(me.nameSet ? me.displayName : '')
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  async function save() {
    const value = name.trim()
    if (!value) return setError('请填写姓名')
    if (value.length > 20) return setError('姓名不能超过20个字')
    setError(null)
    setSaving(true)
    try {
      setMe(await api('me.update', { body: { displayName: value }, toast: false }))
      void Taro.showToast({ title: '已保存', icon: 'success' })
    } catch (e) {
      setError(fieldErrors(e).displayName ?? (e as Error).message)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Card title="姓名">
      <View className="field">
        <Input className="field-input e2e-name-input" value={name} maxlength={20} placeholder="请填写您的真实姓名" onInput={(e) => setName(e.detail.value)} />
        <View className="field-hint">方便村里的工作人员认出您。名单里会打码显示。</View>
        {error ? <View className="field-error">{error}</View> : null}
      </View>
      <Button type="primary" size="large" block loading={saving} className="big-button e2e-save-name" onClick={() => void save()}>
        保存姓名
      </Button>
    </Card>
  )
}

function PhoneCard({ me }: { me: MeResponse }) {
  async function onPhone(e: { detail: { code?: string; errMsg?: string } }) {
    const code = e.detail.code
    // the person declined, or this account cannot provide a phone number
    if (!code) return
    try {
      setMe(await api('me.phone', { body: { code } }))
      void Taro.showToast({ title: '已绑定', icon: 'success' })
    } catch {
      // toast shown by the request client
    }
  }
  return (
    <Card title="手机号">
      <View>当前：{me.phoneMasked ?? '未绑定'}</View>
      <View className="muted">手机号只用于工作人员在需要时联系您，加密保存，不绑定也能正常使用。</View>
      {IS_WEAPP ? (
        <TaroButton className="native-plain" openType="getPhoneNumber" onGetPhoneNumber={onPhone as any}>
          {me.phoneMasked ? '更换微信手机号' : '授权微信手机号'}
        </TaroButton>
      ) : (
        <View className="muted e2e-phone-h5">浏览器演示版不能获取微信手机号，在微信小程序里可以一键授权。</View>
      )}
    </Card>
  )
}

interface FamilyForm {
  name: string
  relationship: Relationship | null
  birthYear: string
  phone: string
}
const EMPTY: FamilyForm = { name: '', relationship: null, birthYear: '', phone: '' }

export function FamilyCard() {
  const [items, setItems] = useState<FamilyMemberView[] | null>(null)
  const [form, setForm] = useState<FamilyForm>(EMPTY)
  const [adding, setAdding] = useState(false)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saving, setSaving] = useState(false)

  function load() {
    api('me.family.list')
      .then((r) => setItems(r.items))
      .catch(() => setItems([]))
  }
  useEffect(load, [])

  async function add() {
    const errs: Record<string, string> = {}
    if (!form.name.trim()) errs.name = '请填写家人姓名'
    if (!form.relationship) errs.relationship = '请选择关系'
    const year = form.birthYear.trim() ? Number(form.birthYear.trim()) : undefined
    if (year !== undefined && (!Number.isInteger(year) || year < 1900 || year > new Date().getFullYear())) errs.birthYear = '请填写正确的出生年份，例如 1956'
    const phone = form.phone.trim() || undefined
    if (phone && !/^1\d{10}$/.test(phone)) errs.phone = '请输入11位手机号'
    setErrors(errs)
    if (Object.keys(errs).length) return
    setSaving(true)
    try {
      const created = await api('me.family.create', {
        body: { name: form.name.trim(), relationship: form.relationship as Relationship, birthYear: year, phone },
        toast: false,
      })
      setItems([...(items ?? []), created])
      setForm(EMPTY)
      setAdding(false)
      void Taro.showToast({ title: '已添加', icon: 'success' })
    } catch (e) {
      const f = fieldErrors(e)
      setErrors(Object.keys(f).length ? f : { form: (e as Error).message })
    } finally {
      setSaving(false)
    }
  }

  async function del(f: FamilyMemberView) {
    if (!(await confirm('删除家人', `确定删除“${f.name}”吗？`, '删除'))) return
    try {
      await api('me.family.delete', { params: { id: f.id } })
      setItems((items ?? []).filter((x) => x.id !== f.id))
    } catch {
      // toast shown by the request client
    }
  }

  return (
    <Card title="我的家人" className="e2e-family">
      <View className="muted">添加家人后，村里可以把防骗提醒也带给他们。出生年份和手机号可以不填。</View>
      {items?.length === 0 ? <View className="muted">还没有添加家人。</View> : null}
      {items?.map((f) => (
        <View key={f.id} className="list-item row e2e-family-item">
          <View>
            <View className="item-main">
              {f.name}（{RELATIONSHIP_LABELS[f.relationship]}）
            </View>
            <View className="muted">
              {f.birthYear ? `${f.birthYear}年出生` : '未填出生年份'}
              {f.phoneMasked ? ` · ${f.phoneMasked}` : ''}
            </View>
            {f.isMinor ? <View className="muted">不满14周岁：信息由您作为监护人提供，只用于家庭防骗提醒。</View> : null}
          </View>
          <View className="link-button" onClick={() => void del(f)}>
            删除
          </View>
        </View>
      ))}
      {adding ? (
        <View className="family-form">
          <View className="field">
            <View className="field-label">姓名</View>
            <Input className="field-input e2e-family-name" value={form.name} maxlength={20} onInput={(e) => setForm({ ...form, name: e.detail.value })} />
            {errors.name ? <View className="field-error">{errors.name}</View> : null}
          </View>
          <View className="field">
            <View className="field-label">和您的关系</View>
            <Picker mode="selector" range={REL_LABELS} onChange={(e) => setForm({ ...form, relationship: RELATIONSHIPS[Number(e.detail.value)] })}>
              <View className="field-input e2e-family-rel">{form.relationship ? RELATIONSHIP_LABELS[form.relationship] : '请点这里选择'}</View>
            </Picker>
            {errors.relationship ? <View className="field-error">{errors.relationship}</View> : null}
          </View>
          <View className="field">
            <View className="field-label">出生年份（可不填）</View>
            <Input className="field-input" type="number" maxlength={4} value={form.birthYear} placeholder="例如 1956" onInput={(e) => setForm({ ...form, birthYear: e.detail.value })} />
            <View className="field-hint">不满14周岁的孩子，请您作为监护人同意后再填写。</View>
            {errors.birthYear ? <View className="field-error">{errors.birthYear}</View> : null}
          </View>
          <View className="field">
            <View className="field-label">手机号（可不填）</View>
            <Input className="field-input" type="number" maxlength={11} value={form.phone} onInput={(e) => setForm({ ...form, phone: e.detail.value })} />
            {errors.phone ? <View className="field-error">{errors.phone}</View> : null}
          </View>
          {errors.form ? <View className="field-error">{errors.form}</View> : null}
          <View className="button-row">
            <Button type="default" onClick={() => setAdding(false)}>
              取消
            </Button>
            <Button type="primary" loading={saving} className="e2e-family-save" onClick={() => void add()}>
              保存
            </Button>
          </View>
        </View>
      ) : (
        <Button type="primary" fill="outline" size="large" block className="big-button e2e-family-add" onClick={() => setAdding(true)}>
          添加家人
        </Button>
      )}
    </Card>
  )
}

export default function ProfilePage() {
  return (
    <SessionGate>
      {(me) => (
        <Screen className="profile">
          <NameCard me={me} />
          <PhoneCard me={me} />
          <FamilyCard />
        </Screen>
      )}
    </SessionGate>
  )
}

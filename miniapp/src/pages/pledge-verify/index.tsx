// Public check of a pledge's code: anyone may open it, logged in or not (the route is public).
// Shows 真实有效, or what is wrong, with masked names only. Opened as ?code= or typed in.
import { useEffect, useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { Input, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { PLEDGE_KIND_LABELS, type SignerType } from '@wuzha/shared/dist/enums'
import type { VerifyView } from '@wuzha/shared/dist/schemas/pledge'
import { Card, Screen } from '../../components/Screen'
import { param } from '../../services/nav'
import { formatWhen } from '../../services/when'
import { errorText, pledgeCalls } from '../../services/pledge'
import './index.scss'

const SIGNER_WORDS: Record<SignerType, string> = { self: '本人签署', guardian: '家长（监护人）代签', unit: '单位负责人签署' }

// Codes are read aloud and typed by hand: ignore spaces, dashes and case.
export function cleanCode(raw: string): string {
  return raw.replace(/[\s-]+/g, '').toUpperCase()
}
export const CODE_PATTERN = /^[0-9A-Z]{6,16}$/

function Result({ v }: { v: VerifyView }) {
  return (
    <Card className={`pvf-result ${v.valid ? 'valid' : 'invalid'} e2e-verify-result`}>
      <View className={`pvf-verdict ${v.valid ? 'e2e-verify-valid' : 'e2e-verify-invalid'}`}>{v.valid ? '✓ 真实有效' : '✗ 核验未通过'}</View>
      {v.valid ? (
        <View className="muted">这份承诺书的内容、签名和签署时间都与记录一致，没有被改动。</View>
      ) : (
        <View className="e2e-verify-problems">
          <View className="warn-text">这份承诺书的记录和存档对不上，可能被改动过。请联系发起单位核实。</View>
          {v.problems.map((p) => (
            <View key={p} className="pvf-problem">
              · {p}
            </View>
          ))}
        </View>
      )}
      <View className="pvf-facts">
        <View className="pvf-fact">
          <View className="pvf-k">承诺书</View>
          <View className="pvf-v">{v.campaignTitle}</View>
        </View>
        <View className="pvf-fact">
          <View className="pvf-k">类别</View>
          <View className="pvf-v">
            {PLEDGE_KIND_LABELS[v.kind]} · 第 {v.templateVersion} 版
          </View>
        </View>
        <View className="pvf-fact">
          <View className="pvf-k">发起单位</View>
          <View className="pvf-v">{v.owner}</View>
        </View>
        <View className="pvf-fact">
          <View className="pvf-k">签署人</View>
          <View className="pvf-v e2e-verify-signer">
            {v.signerMasked}（{SIGNER_WORDS[v.signerType]}）{v.unitName ? ` · ${v.unitName}` : ''}
          </View>
        </View>
        <View className="pvf-fact">
          <View className="pvf-k">签署时间</View>
          <View className="pvf-v">{formatWhen(v.signedAt)}</View>
        </View>
        <View className="pvf-fact">
          <View className="pvf-k">核验码</View>
          <View className="pvf-v e2e-verify-code">
            {v.code}（第 {v.seq} 份）
          </View>
        </View>
      </View>
    </Card>
  )
}

export default function PledgeVerifyPage() {
  const router = useRouter()
  const initial = cleanCode(param(router.params.code))
  const [code, setCode] = useState(initial)
  const [result, setResult] = useState<VerifyView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function check(raw: string) {
    const c = cleanCode(raw)
    setResult(null)
    if (!CODE_PATTERN.test(c)) {
      setError('核验码是承诺书图片下方的一串字母和数字，请核对后重新输入')
      return
    }
    setError(null)
    setBusy(true)
    try {
      setResult(await pledgeCalls.verify(c))
    } catch (e) {
      setError(errorText(e, '没有找到这个核验码，请核对后重新输入'))
    } finally {
      setBusy(false)
    }
  }
  useEffect(() => {
    if (initial) void check(initial)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initial])

  return (
    <Screen className="pledge-verify">
      <Card title="核验承诺书">
        <View className="muted">输入承诺书图片下方的核验码，可以查到这份承诺书是否真实、有没有被改动。不需要登录。</View>
        <View className="field pvf-field">
          <Input className="field-input pvf-input e2e-verify-input" value={code} maxlength={20} placeholder="例如 7K3M9QXA2B" onInput={(e) => setCode(e.detail.value)} onConfirm={(e) => void check(e.detail.value)} />
        </View>
        {error ? <View className="field-error e2e-verify-error">{error}</View> : null}
        <Button type="primary" size="large" block loading={busy} className="big-button e2e-verify-submit" onClick={() => void check(code)}>
          核验
        </Button>
      </Card>
      {result ? <Result v={result} /> : null}
    </Screen>
  )
}

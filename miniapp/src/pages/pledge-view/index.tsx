// One signed pledge: the image (text, signature, time, code) to keep or send, and the code to verify.
// Opened as ?id=<signatureId>.
import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Image, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { SignatureView } from '@wuzha/shared/dist/schemas/pledge'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { go, param } from '../../services/nav'
import { formatWhen } from '../../services/when'
import { PLEDGE_PAGES, errorText, imageSrc, pledgeCalls, signerLine } from '../../services/pledge'
import './index.scss'

export function PledgeView({ id }: { id: number }) {
  const [s, setS] = useState<SignatureView | null>(null)
  const [error, setError] = useState<string | null>(null)

  function load() {
    setError(null)
    pledgeCalls.signature(id).then(setS, (e) => setError(errorText(e, '没有找到这份承诺书')))
  }
  useEffect(load, [id])

  if (error) return <Screen><ErrorBlock message={error} onRetry={load} /></Screen>
  if (!s) return <Screen><Loading /></Screen>
  const src = imageSrc(s.imageUrl)
  const preview = () => void Taro.previewImage({ urls: [src], current: src }).catch(() => undefined)
  return (
    <Screen className="pledge-view">
      <Card className="e2e-pv-card">
        <View className="page-title">{s.campaignTitle}</View>
        <View>{signerLine(s)}</View>
        <View className="muted">签署时间 {formatWhen(s.signedAt)} · 第 {s.templateVersion} 版承诺书</View>
        <View className="muted pv-code-label">核验码</View>
        <View className="code-box e2e-pv-code">{s.code}</View>
      </Card>
      <Card className="e2e-pv-image-card">
        <View className="e2e-pv-image-open" onClick={preview}>
          {/* H5 gives the image element a fixed default height; widthFix alone does not lift it */}
          <Image className="pv-image e2e-pv-image" src={src} mode="widthFix" style={process.env.TARO_ENV === 'h5' ? { height: 'auto' } : undefined} />
        </View>
        <View className="muted">点图片可以放大，长按可以保存或发给家人。</View>
        <Button type="primary" size="large" block className="big-button e2e-pv-save" onClick={preview}>
          保存或分享图片
        </Button>
      </Card>
      <View className="link-button e2e-pv-verify" onClick={() => go(PLEDGE_PAGES.verify, { code: s.code })}>
        核验这份承诺书
      </View>
    </Screen>
  )
}

export default function PledgeViewPage() {
  const router = useRouter()
  const n = Number(param(router.params.id))
  const id = Number.isInteger(n) && n > 0 ? n : 0
  return (
    <SessionGate>
      {() => (id ? <PledgeView id={id} /> : <Screen><ErrorBlock message="没有找到这份承诺书，请从“我的承诺书”进入" /></Screen>)}
    </SessionGate>
  )
}

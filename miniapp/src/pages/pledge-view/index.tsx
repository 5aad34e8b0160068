// One signed pledge: the image (text, signature, time, code) to keep or send, and the code to verify.
// Opened as ?id=<signatureId>. The page shows the server's SVG; to keep or send it, the pledge is drawn
// as a PNG here (WeChat saves and previews no SVG): into the album in WeChat, a download in H5.
import { useEffect, useRef, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Image, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { SignatureView } from '@wuzha/shared/dist/schemas/pledge'
import { Card, ErrorBlock, Loading, Screen } from '../../components/Screen'
import { SessionGate } from '../../components/SessionGate'
import { go, param } from '../../services/nav'
import { formatWhen } from '../../services/when'
import { PLEDGE_PAGES, errorText, imageSrc, pledgeCalls, signerLine } from '../../services/pledge'
import { CARD_FAILED, type RenderedCard, renderPledgeCard, saveCard } from '../../services/card-image'
import './index.scss'

export function PledgeView({ id }: { id: number }) {
  const [s, setS] = useState<SignatureView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const card = useRef<RenderedCard | null>(null)

  function load() {
    setError(null)
    pledgeCalls.signature(id).then(setS, (e) => setError(errorText(e, '没有找到这份承诺书')))
  }
  useEffect(load, [id])

  if (error) return <Screen><ErrorBlock message={error} onRetry={load} /></Screen>
  if (!s) return <Screen><Loading /></Screen>
  const src = imageSrc(s.imageUrl)
  const sig = s

  // The PNG, drawn once: the text it was signed on comes with the campaign's sign page (the same
  // version, checked by its hash).
  async function pngCard(): Promise<RenderedCard> {
    if (card.current) return card.current
    const page = await pledgeCalls.page(sig.campaignId)
    if (page.text.textHash !== sig.textHash) throw new Error(CARD_FAILED)
    card.current = await renderPledgeCard(sig, { title: page.text.title, body: page.text.body, owner: page.campaign.owner.name })
    return card.current
  }

  async function withCard(use: (c: RenderedCard) => Promise<unknown>) {
    if (busy) return
    setBusy(true)
    try {
      await use(await pngCard())
    } catch (e) {
      void Taro.showToast({ title: errorText(e, CARD_FAILED), icon: 'none' })
    } finally {
      setBusy(false)
    }
  }

  const preview = () => void withCard((c) => Taro.previewImage({ urls: [c.path], current: c.path }).catch(() => undefined))
  const save = () =>
    void withCard(async (c) => {
      const done = await saveCard(c, `承诺书-${sig.code}.png`)
      if (done === 'saved') void Taro.showToast({ title: '已保存到相册', icon: 'success' })
    })
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
        <View className="muted">点“保存到相册”存到手机里；点图片可以放大，长按可以发给家人。</View>
        <Button type="primary" size="large" block loading={busy} className="big-button e2e-pv-save" onClick={save}>
          {busy ? '正在生成图片…' : '保存到相册'}
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

// The WeChat content-security verdict on a submitted bulletin. It advises the human reviewer and
// never rejects by itself: anti-fraud texts quote scam scripts, so the check can flag honest warnings.
import { View } from '@tarojs/components'
import type { ContentCheckView } from '@wuzha/shared/dist/schemas/bulletins'
import { formatWhen } from '../services/when'
import './BulletinBody.scss'

const VERDICT = {
  pass: { cls: 'pass', title: '微信内容检测：通过', text: '未发现问题。仍请审核人通读全文。' },
  review: { cls: 'review', title: '微信内容检测：需人工复核', text: '检测认为部分内容需要人工判断。' },
  risky: { cls: 'risky', title: '微信内容检测：有风险', text: '检测认为内容有风险，请逐句核对。' },
} as const

export function CheckVerdict({ check }: { check: ContentCheckView | null }) {
  if (!check) {
    return (
      <View className="verdict none e2e-verdict e2e-verdict-none">
        <View className="verdict-title">微信内容检测：暂无结果</View>
        <View className="verdict-text">检测没有返回结果，请审核人通读全文后决定。</View>
      </View>
    )
  }
  const v = VERDICT[check.suggest]
  return (
    <View className={`verdict ${v.cls} e2e-verdict e2e-verdict-${check.suggest}`}>
      <View className="verdict-title">{v.title}</View>
      <View className="verdict-text">{v.text}</View>
      {check.suggest !== 'pass' ? (
        <View className="verdict-note">反诈信息常常引用骗子的原话，检测可能因此报警。是否发布由审核人决定：内容真实、不夸大、不含敏感信息即可通过。</View>
      ) : null}
      <View className="verdict-time">检测时间 {formatWhen(check.checkedAt)}</View>
    </View>
  )
}

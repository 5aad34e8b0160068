// How a bulletin looks to its readers: the header (category, urgency, title, tags) and the body
// blocks. One component for the reader, the composer's live preview and the reviewer's preview, so
// what is reviewed is exactly what residents will see.
import { Image, Text, View } from '@tarojs/components'
import { BULLETIN_CATEGORY_LABELS, FRAUD_TYPE_LABELS, type BulletinCategory, type FraudType, type Urgency } from '@wuzha/shared/dist/enums'
import type { BodyBlockView } from '@wuzha/shared/dist/schemas/bulletins'
import './BulletinBody.scss'

export function BulletinHeader({ title, category, urgency, fraudTypes }: { title: string; category: BulletinCategory; urgency: Urgency; fraudTypes: FraudType[] }) {
  return (
    <View className="bb-header">
      <View className="bb-labels">
        <Text className="bb-category">{BULLETIN_CATEGORY_LABELS[category]}</Text>
        {urgency === 'urgent' ? <Text className="bb-urgent">紧急预警</Text> : null}
      </View>
      <View className="bb-title">{title}</View>
      {fraudTypes.length ? (
        <View className="bb-tags">
          {fraudTypes.map((t) => (
            <Text key={t} className="bb-tag">
              {FRAUD_TYPE_LABELS[t]}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  )
}

export function BulletinBody({ blocks }: { blocks: BodyBlockView[] }) {
  return (
    <View className="bb-body">
      {blocks.map((b, i) =>
        b.type === 'paragraph' ? (
          <View key={i} className="bb-p">
            {b.runs.map((r, j) => (
              <Text key={j} className={`${r.bold ? 'bb-bold' : ''} ${r.highlight ? 'bb-red' : ''}`}>
                {r.text}
              </Text>
            ))}
          </View>
        ) : (
          <View key={i} className="bb-figure">
            <Image className="bb-img" src={b.url} mode="widthFix" />
            {b.caption ? <View className="bb-caption">{b.caption}</View> : null}
          </View>
        ),
      )}
    </View>
  )
}

import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { Card, ComingSoon, Screen } from '../../components/Screen'
import { QuizList } from '../../components/QuizList'
import { PledgeCard } from '../../components/PledgeEntry'
import { FRAUD_TYPES, GOLDEN_RULES } from './content'

export default function Learn() {
  return (
    <Screen className="learn">
      <PledgeCard />
      <QuizList />
      <View className="page-title">认清六类高发骗局</View>
      <View className="lead">下面这六种骗局最常见。记住它们的样子，骗子就骗不到您和家人。</View>
      {FRAUD_TYPES.map((t, i) => (
        <Card key={t.key} className={`e2e-fraud-${t.key}`}>
          <View className="card-title">
            {i + 1}. {t.name}
          </View>
          <View>{t.how}</View>
          <View className="gap" />
          <View className="item-main">要当心：</View>
          {t.signs.map((s) => (
            <View key={s}>· {s}</View>
          ))}
          <View className="gap" />
          <View className="warn-text">记住：{t.remember}</View>
        </Card>
      ))}
      <Card title="防骗四不">
        {GOLDEN_RULES.map((r) => (
          <View key={r} className="list-item">
            {r}
          </View>
        ))}
      </Card>
      <Card title="96110 反诈专线">
        <View>96110 是公安机关的反诈预警劝阻专线。接到 96110 的来电请一定接听；拿不准是不是骗局，也可以主动拨打咨询。</View>
        <Button type="danger" size="large" block className="big-button" onClick={() => void Taro.makePhoneCall({ phoneNumber: '96110' }).catch(() => undefined)}>
          拨打 96110
        </Button>
      </Card>
      <Card>
        <ComingSoon title="本地案例" text="经镇反诈分中心审核后的本地提醒，会在这里发布。" />
      </Card>
    </Screen>
  )
}

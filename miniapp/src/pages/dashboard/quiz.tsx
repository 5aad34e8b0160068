import { View } from '@tarojs/components'

// placeholder while the quiz statistics page is built
export default function QuizStatsPage() {
  return <View>答题统计</View>
}

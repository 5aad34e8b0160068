import { View } from '@tarojs/components'

// placeholder while the quiz pages are built
export default function Page() {
  return <View>答题结果</View>
}

import { ComingSoon, Screen } from '../../components/Screen'

export default function Page() {
  return (
    <Screen>
      <ComingSoon title="签署活动" text="这个页面正在建设中。" />
    </Screen>
  )
}

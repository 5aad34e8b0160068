import { ComingSoon, Screen } from '../../components/Screen'

export default function Page() {
  return (
    <Screen>
      <ComingSoon title="签署进度" text="这个页面正在建设中。" />
    </Screen>
  )
}

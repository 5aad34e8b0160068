import { Loading, Screen } from '../../../components/Screen'

export default function Page() {
  return (
    <Screen>
      <Loading />
    </Screen>
  )
}

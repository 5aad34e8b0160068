import { PropsWithChildren } from 'react'
import { useLaunch } from '@tarojs/taro'
import { bootstrap } from './store/session'
import { wirePrivacy } from './services/privacy'
import './app.scss'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    wirePrivacy()
    // login on launch (waits for the privacy agreement on first launch)
    void bootstrap()
  })
  return children
}

export default App

import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { rootFontSize } from '../services/font'

// Every page renders inside a Screen: the root font size follows the person's WeChat font setting,
// and all text below is sized in em relative to it.
export function Screen({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <View className={`screen ${className ?? ''}`} style={{ fontSize: rootFontSize() }}>
      {children}
    </View>
  )
}

export function Card({ children, className, title }: { children: ReactNode; className?: string; title?: string }) {
  return (
    <View className={`card ${className ?? ''}`}>
      {title ? <View className="card-title">{title}</View> : null}
      {children}
    </View>
  )
}

// Honest placeholder for a feature that is not built yet: no fake numbers.
export function ComingSoon({ title, text }: { title: string; text: string }) {
  return (
    <View className="coming-soon">
      <View className="coming-soon-head">
        <View className="coming-soon-title">{title}</View>
        <View className="tag-soon">即将上线</View>
      </View>
      <View className="muted">{text}</View>
    </View>
  )
}

export function Loading({ text = '正在加载…' }: { text?: string }) {
  return <View className="loading muted">{text}</View>
}

export function ErrorBlock({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <View className="error-block">
      <View className="error-text">{message}</View>
      {onRetry ? (
        <View className="link-button e2e-retry" onClick={onRetry}>
          重试
        </View>
      ) : null}
    </View>
  )
}

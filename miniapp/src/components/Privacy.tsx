import { useEffect, useState } from 'react'
import { Button as TaroButton, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { answerPrivacy, isPrivacyPending, onPrivacyAsk } from '../services/privacy'

const IS_WEAPP = process.env.TARO_ENV === 'weapp'

export function PrivacyText() {
  return (
    <View className="privacy-text">
      <View className="p-head">我们收集哪些信息</View>
      <View className="p">· 您自己填写的姓名（微信不会告诉我们您的真实姓名）。</View>
      <View className="p">· 微信手机号：只有您点“授权手机号”并同意后才获取，可以不提供。</View>
      <View className="p">· 您加入的村（社区）、网格、学校或单位，以及您的身份（如居民、网格员）。</View>
      <View className="p">· 您主动添加的家人信息（姓名、关系，出生年份和手机号可不填）。</View>
      <View className="p-head">为什么收集</View>
      <View className="p">把反诈骗提醒和学习内容送到您所在的村（社区），让村里的工作人员知道谁已经加入、需要时能联系到您和家人。</View>
      <View className="p-head">我们怎样保护</View>
      <View className="p">· 不获取您的位置、通讯录、微信昵称和头像。</View>
      <View className="p">· 手机号加密保存；名单里姓名和手机号打码显示，只有您所在组织的工作人员能看到。</View>
      <View className="p">· 工作人员的查看和操作都有记录，信息不用于反诈骗以外的用途。</View>
      <View className="p-head">儿童信息</View>
      <View className="p">不满14周岁孩子的信息属于敏感信息，只能由父母或其他监护人填写并同意，只收集必要内容（姓名、关系、出生年份）。</View>
      <View className="p-head">您的权利</View>
      <View className="p">您可以随时修改姓名、删除家人信息、退出所加入的组织或退出登录。</View>
    </View>
  )
}

// The agreement button: in WeChat it is also the official privacy-agreement button.
export function AgreeButton({ onAgree }: { onAgree: () => void }) {
  if (IS_WEAPP) {
    return (
      <TaroButton
        id="privacy-agree"
        className="native-primary e2e-privacy-agree"
        openType={'agreePrivacyAuthorization' as any}
        onClick={onAgree}
      >
        同意并继续
      </TaroButton>
    )
  }
  return (
    <Button type="primary" size="large" block className="big-button e2e-privacy-agree" onClick={onAgree}>
      同意并继续
    </Button>
  )
}

// First launch: the agreement, needed before login.
export function PrivacyGate({ onAgree }: { onAgree: () => void }) {
  const [declined, setDeclined] = useState(false)
  return (
    <View className="privacy-gate">
      <View className="page-title">欢迎使用“无诈”</View>
      <View className="lead">使用前，请先阅读并同意《用户隐私保护指引》：</View>
      <PrivacyText />
      {declined ? <View className="warn-text">不同意将无法登录和使用。您可以随时回来重新选择。</View> : null}
      <AgreeButton
        onAgree={() => {
          answerPrivacy(true)
          onAgree()
        }}
      />
      <View className="link-button e2e-privacy-decline" onClick={() => setDeclined(true)}>
        不同意
      </View>
    </View>
  )
}

// When WeChat itself asks for agreement later (e.g. before getPhoneNumber).
export function PrivacyPrompt() {
  const [open, setOpen] = useState(isPrivacyPending())
  useEffect(() => onPrivacyAsk(() => setOpen(true)), [])
  if (!open) return null
  return (
    <View className="overlay">
      <View className="overlay-panel">
        <View className="page-title">用户隐私保护指引</View>
        <PrivacyText />
        <AgreeButton
          onAgree={() => {
            answerPrivacy(true)
            setOpen(false)
          }}
        />
        <View
          className="link-button"
          onClick={() => {
            answerPrivacy(false)
            setOpen(false)
          }}
        >
          不同意
        </View>
      </View>
    </View>
  )
}

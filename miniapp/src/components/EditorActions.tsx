import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'

// The action bar of an editor whose record is a draft until published: 发布 / 保存草稿 while a draft,
// 保存修改 / 结束… once published (the pledge campaign and Fraud-Free program editors).
export function EditorActions(p: {
  // published or closed: only some fields may change
  locked: boolean
  published: boolean
  busy: boolean
  // e2e class prefix: e2e-<prefix>-publish, -save, -close
  e2e: string
  closeLabel: string
  draftNote?: string
  onPublish: () => void
  onSave: () => void
  onClose: () => void
}) {
  if (!p.locked) {
    return (
      <>
        <Button type="success" size="large" block loading={p.busy} disabled={p.busy} className={`big-button e2e-${p.e2e}-publish`} onClick={p.onPublish}>
          发布
        </Button>
        <Button type="primary" fill="outline" size="large" block disabled={p.busy} className={`big-button e2e-${p.e2e}-save`} onClick={p.onSave}>
          保存草稿
        </Button>
        {p.draftNote ? <View className="muted">{p.draftNote}</View> : null}
      </>
    )
  }
  return (
    <>
      <Button type="primary" size="large" block loading={p.busy} disabled={p.busy} className={`big-button e2e-${p.e2e}-save`} onClick={p.onSave}>
        保存修改
      </Button>
      {p.published ? (
        <Button type="danger" fill="outline" size="large" block disabled={p.busy} className={`big-button e2e-${p.e2e}-close`} onClick={p.onClose}>
          {p.closeLabel}
        </Button>
      ) : null}
    </>
  )
}

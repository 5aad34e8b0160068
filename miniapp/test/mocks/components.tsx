// DOM stand-ins for Taro's components with the same event shapes (e.detail.value).
import type { ReactNode } from 'react'

type P = { children?: ReactNode; className?: string; style?: any; onClick?: (e: any) => void; [k: string]: any }

export function View({ children, className, style, onClick }: P) {
  return (
    <div className={className} style={style} onClick={onClick}>
      {children}
    </div>
  )
}
export function Text({ children, className }: P) {
  return <span className={className}>{children}</span>
}
export function Image({ src, className }: P) {
  return <img src={src} className={className} alt="" />
}
export function Button({ children, className, onClick, openType }: P) {
  return (
    <button className={className} data-open-type={openType} onClick={onClick}>
      {children}
    </button>
  )
}
export function Input({ className, value, placeholder, onInput, onConfirm, maxlength, type }: P) {
  return (
    <input
      className={className}
      value={value}
      placeholder={placeholder}
      maxLength={maxlength}
      type={type === 'number' ? 'text' : 'text'}
      onChange={(e) => onInput?.({ detail: { value: e.target.value } })}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onConfirm?.({ detail: { value: (e.target as HTMLInputElement).value } })
      }}
    />
  )
}
export function Picker({ children, range, onChange }: P) {
  return (
    <label>
      <select data-testid="picker" onChange={(e) => onChange?.({ detail: { value: e.target.value } })}>
        <option value="">--</option>
        {((range ?? []) as string[]).map((r, i) => (
          <option key={r} value={i}>
            {r}
          </option>
        ))}
      </select>
      {children}
    </label>
  )
}
export function Textarea({ className, value, placeholder, onInput, maxlength }: P) {
  return <textarea className={className} value={value} placeholder={placeholder} maxLength={maxlength} onChange={(e) => onInput?.({ detail: { value: e.target.value } })} />
}
export function ScrollView({ children, className, id, onScrollToLower }: P) {
  // a scroll event stands for reaching the end (tests fire it)
  return (
    <div id={id} className={className} onScroll={() => onScrollToLower?.()}>
      {children}
    </div>
  )
}
export function Canvas({ className, id }: P) {
  return <canvas id={id} className={className} />
}

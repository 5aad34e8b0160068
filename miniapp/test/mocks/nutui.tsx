import type { ReactNode } from 'react'

export function Button({ children, className, onClick, disabled, loading }: { children?: ReactNode; className?: string; onClick?: (e: any) => void; disabled?: boolean; loading?: boolean; [k: string]: any }) {
  return (
    <button className={className} disabled={Boolean(disabled) || Boolean(loading)} onClick={onClick}>
      {children}
    </button>
  )
}

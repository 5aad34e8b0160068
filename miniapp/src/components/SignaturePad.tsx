// A handwriting pad: canvas type 2d scaled by the pixel ratio, black ink on a transparent
// background, smooth strokes (quadratic curves through the midpoints), clear, and export as PNG
// base64. WeChat: the canvas node from a selector query, touch events with canvas coordinates,
// canvasToTempFilePath + readFile. H5: Taro renders <taro-canvas-core> around a real <canvas>;
// pointer events on that canvas serve the finger and the mouse alike, toDataURL exports.
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { Canvas, View } from '@tarojs/components'
import { MIN_INK_SPAN } from '@wuzha/shared/dist/pledge'
import './SignaturePad.scss'

export interface Point {
  x: number
  y: number
}
export type Stroke = Point[]

// The client refuses a signature whose strokes are shorter than this in total (CSS px), or that
// spans less than MIN_INK_SPAN of the pad in both directions: a dot or a tick is not a name.
// The server checks the ink itself (blank or near-blank) as well.
export const MIN_STROKE_LENGTH = 150
export const INK_WIDTH = 5
export const INK_COLOR = '#111111'

export function strokeLength(strokes: readonly Stroke[]): number {
  let total = 0
  for (const s of strokes) {
    for (let i = 1; i < s.length; i++) total += Math.hypot(s[i].x - s[i - 1].x, s[i].y - s[i - 1].y)
  }
  return total
}

export function inkBox(strokes: readonly Stroke[]): { width: number; height: number } {
  const pts = strokes.flat()
  if (!pts.length) return { width: 0, height: 0 }
  const xs = pts.map((p) => p.x)
  const ys = pts.map((p) => p.y)
  return { width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) }
}

// Why the signature cannot be used yet, in plain words; null when it may be submitted.
export function signatureProblem(strokes: readonly Stroke[], padWidth: number, padHeight: number): string | null {
  if (!strokes.some((s) => s.length > 0)) return '请先在框里写下您的名字'
  const box = inkBox(strokes)
  const spread = Math.max(padWidth > 0 ? box.width / padWidth : 0, padHeight > 0 ? box.height / padHeight : 0)
  if (strokeLength(strokes) < MIN_STROKE_LENGTH || spread < MIN_INK_SPAN) return '签名太短了，请把名字写完整、写大一些'
  return null
}

export interface PadCanvas {
  width: number
  height: number
  getContext(type: '2d'): CanvasRenderingContext2D | null
  toDataURL?: (type?: string) => string
}

// Export the drawing as PNG base64: a data URL in H5, plain base64 from the temp file in WeChat.
export async function exportPng(canvas: PadCanvas, env: string | undefined = process.env.TARO_ENV): Promise<string> {
  if (env === 'weapp') {
    const { tempFilePath } = await Taro.canvasToTempFilePath({ canvas, fileType: 'png' } as unknown as Parameters<typeof Taro.canvasToTempFilePath>[0])
    return new Promise<string>((resolve, reject) => {
      Taro.getFileSystemManager().readFile({
        filePath: tempFilePath,
        encoding: 'base64',
        success: (r) => resolve(String(r.data)),
        fail: (err) => reject(new Error(err?.errMsg || '签名图片读取失败，请重试')),
      })
    })
  }
  if (!canvas.toDataURL) throw new Error('签名图片无法导出，请重试')
  return canvas.toDataURL('image/png')
}

export function pixelRatio(): number {
  let r = 0
  try {
    const t = Taro as unknown as { getWindowInfo?: () => { pixelRatio?: number } }
    r = (typeof t.getWindowInfo === 'function' ? t.getWindowInfo().pixelRatio : 0) || Taro.getSystemInfoSync().pixelRatio || 0
  } catch {
    r = 0
  }
  if (!r && typeof window !== 'undefined') r = window.devicePixelRatio || 1
  // a PNG from a 4x canvas can pass 200 KB for a busy signature; 3x is sharp enough
  return Math.min(3, Math.max(1, r || 1))
}

// Draw a stroke from point `from` on: quadratic curves through the midpoints keep it smooth.
function drawStroke(ctx: CanvasRenderingContext2D, s: Stroke, from = 0): void {
  if (!s.length) return
  if (s.length === 1) {
    ctx.beginPath()
    ctx.arc(s[0].x, s[0].y, INK_WIDTH / 2, 0, Math.PI * 2)
    ctx.fill()
    return
  }
  const start = Math.max(1, from)
  ctx.beginPath()
  const p0 = s[start - 1]
  const m0 = start >= 2 ? { x: (s[start - 2].x + p0.x) / 2, y: (s[start - 2].y + p0.y) / 2 } : p0
  ctx.moveTo(m0.x, m0.y)
  for (let i = start; i < s.length; i++) {
    const prev = s[i - 1]
    const mid = { x: (prev.x + s[i].x) / 2, y: (prev.y + s[i].y) / 2 }
    ctx.quadraticCurveTo(prev.x, prev.y, mid.x, mid.y)
  }
  const last = s[s.length - 1]
  ctx.lineTo(last.x, last.y)
  ctx.stroke()
}

export interface SignaturePadHandle {
  clear(): void
  // null when the signature may be submitted, else what to tell the person
  problem(): string | null
  exportPng(): Promise<string>
}

interface Surface {
  canvas: PadCanvas
  ctx: CanvasRenderingContext2D
  width: number
  height: number
  dpr: number
}

let padSeq = 0

export const SignaturePad = forwardRef<SignaturePadHandle, { onChange?: (hasInk: boolean) => void; className?: string }>(function SignaturePad({ onChange, className }, ref) {
  const [id] = useState(() => `sig-pad-${++padSeq}`)
  const strokes = useRef<Stroke[]>([])
  const surface = useRef<Surface | null>(null)
  const drawing = useRef(false)
  const [hasInk, setHasInk] = useState(false)
  const [ready, setReady] = useState(false)
  const onChangeRef = useRef(onChange)
  onChangeRef.current = onChange

  function markInk(v: boolean) {
    setHasInk(v)
    onChangeRef.current?.(v)
  }

  function setup(canvas: PadCanvas, width: number, height: number): Surface | null {
    const ctx = canvas.getContext('2d')
    if (!ctx || !width || !height) return null
    const dpr = pixelRatio()
    canvas.width = Math.round(width * dpr)
    canvas.height = Math.round(height * dpr)
    ctx.setTransform(1, 0, 0, 1, 0, 0)
    ctx.scale(dpr, dpr)
    ctx.lineWidth = INK_WIDTH
    ctx.lineCap = 'round'
    ctx.lineJoin = 'round'
    ctx.strokeStyle = INK_COLOR
    ctx.fillStyle = INK_COLOR
    return { canvas, ctx, width, height, dpr }
  }

  function redraw(s: Surface) {
    s.ctx.clearRect(0, 0, s.width, s.height)
    for (const st of strokes.current) drawStroke(s.ctx, st)
  }

  // H5: Taro's canvas element resets its bitmap size when it re-renders; set it up again and
  // redraw from the strokes kept here, so nothing drawn is lost.
  function live(): Surface | null {
    const s = surface.current
    if (!s) return null
    if (s.canvas.width !== Math.round(s.width * s.dpr)) {
      const again = setup(s.canvas, s.width, s.height)
      if (!again) return null
      surface.current = again
      redraw(again)
      return again
    }
    return s
  }

  function begin(p: Point) {
    const s = live()
    if (!s) return
    drawing.current = true
    strokes.current.push([p])
    drawStroke(s.ctx, [p])
    if (!hasInk) markInk(true)
  }
  function move(p: Point) {
    if (!drawing.current) return
    const s = live()
    const st = strokes.current[strokes.current.length - 1]
    if (!s || !st) return
    const last = st[st.length - 1]
    // ignore jitter below half a pixel
    if (Math.hypot(p.x - last.x, p.y - last.y) < 0.5) return
    st.push(p)
    drawStroke(s.ctx, st, st.length - 1)
  }
  function end() {
    drawing.current = false
  }

  useEffect(() => {
    let cancelled = false
    let detach: (() => void) | null = null
    let tries = 0

    function attachH5(el: HTMLCanvasElement) {
      // pointer events: the mouse (and the browser test) as well as fingers and pens
      const at = (e: PointerEvent): Point => {
        const r = el.getBoundingClientRect()
        return { x: e.clientX - r.left, y: e.clientY - r.top }
      }
      const down = (e: PointerEvent) => {
        e.preventDefault()
        el.setPointerCapture?.(e.pointerId)
        begin(at(e))
      }
      const mv = (e: PointerEvent) => {
        if (!drawing.current) return
        e.preventDefault()
        move(at(e))
      }
      const up = () => end()
      el.addEventListener('pointerdown', down)
      el.addEventListener('pointermove', mv)
      el.addEventListener('pointerup', up)
      el.addEventListener('pointercancel', up)
      el.addEventListener('pointerleave', up)
      detach = () => {
        el.removeEventListener('pointerdown', down)
        el.removeEventListener('pointermove', mv)
        el.removeEventListener('pointerup', up)
        el.removeEventListener('pointercancel', up)
        el.removeEventListener('pointerleave', up)
      }
    }

    function init() {
      if (cancelled) return
      if (process.env.TARO_ENV === 'h5') {
        const host = document.getElementById(id)
        const el = (host?.tagName === 'CANVAS' ? host : host?.querySelector('canvas')) as HTMLCanvasElement | null
        const box = el?.getBoundingClientRect()
        if (el && box && box.width > 0 && box.height > 0) {
          surface.current = setup(el, box.width, box.height)
          if (surface.current) {
            attachH5(el)
            setReady(true)
            return
          }
        }
        retry()
        return
      }
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .exec((res: { node?: PadCanvas; width?: number; height?: number }[]) => {
          if (cancelled) return
          const r = res?.[0]
          surface.current = r?.node ? setup(r.node, r.width ?? 0, r.height ?? 0) : null
          if (surface.current) setReady(true)
          else retry()
        })
    }
    // the node may not be laid out on the first tick (a page transition): try again a few times
    function retry() {
      if (++tries < 20) setTimeout(init, 100)
    }
    Taro.nextTick(init)
    return () => {
      cancelled = true
      detach?.()
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id])

  function clearPad() {
    strokes.current = []
    drawing.current = false
    const s = live()
    if (s) s.ctx.clearRect(0, 0, s.width, s.height)
    markInk(false)
  }

  useImperativeHandle(ref, () => ({
    clear: clearPad,
    problem() {
      const s = surface.current
      if (!s) return '签名板还没准备好，请稍等再试'
      return signatureProblem(strokes.current, s.width, s.height)
    },
    async exportPng() {
      const s = live()
      if (!s) throw new Error('签名板还没准备好，请稍等再试')
      return exportPng(s.canvas)
    },
  }))

  // WeChat: touches on a 2d canvas carry x/y in the canvas's own coordinates (H5 uses the
  // pointer listeners above instead)
  type TouchEv = { touches?: { x?: number; y?: number }[]; changedTouches?: { x?: number; y?: number }[] }
  const weapp = process.env.TARO_ENV === 'weapp'
  const onTouch = (use: (p: Point) => void) =>
    weapp
      ? (e: unknown) => {
          const t = (e as TouchEv).touches?.[0] ?? (e as TouchEv).changedTouches?.[0]
          if (t && typeof t.x === 'number' && typeof t.y === 'number') use({ x: t.x, y: t.y })
        }
      : undefined

  return (
    <View className={`sig-pad ${className ?? ''}`}>
      <View className="sig-frame">
        {/* behind the transparent canvas, so it never takes a touch meant for the pad */}
        {!hasInk ? <View className="sig-placeholder">请在框里用手指写下您的名字</View> : null}
        <View className="sig-line" />
        <Canvas
          type="2d"
          id={id}
          className={`sig-canvas e2e-sig-canvas ${ready ? 'ready' : ''}`}
          disableScroll
          onTouchStart={onTouch(begin)}
          onTouchMove={onTouch(move)}
          onTouchEnd={weapp ? end : undefined}
          onTouchCancel={weapp ? end : undefined}
        />
      </View>
      <View className="sig-tools">
        <View className="sig-hint">字写大一些，写完整</View>
        <View className={`sig-clear e2e-sig-clear ${hasInk ? '' : 'off'}`} onClick={() => clearPad()}>
          清除重写
        </View>
      </View>
    </View>
  )
})

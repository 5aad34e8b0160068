// The signed pledge drawn as a PNG, to keep in the phone's album or download: WeChat's previewImage
// and saveImageToPhotosAlbum take no SVG (the server's pledge image), so the client draws the text,
// the handwritten signature, who signed, the time and the code itself.
// WeChat: an offscreen 2d canvas, the signature downloaded to a temp file and loaded by the canvas's
// own createImage, exported by canvasToTempFilePath. H5: a DOM canvas, the signature as an <img>,
// exported by toDataURL and saved through <a download>.
import Taro from '@tarojs/taro'
import type { SignatureView } from '@wuzha/shared/dist/schemas/pledge'
import { imageSrc, signerLine } from './pledge'

// 1080 px wide: sharp on any phone and still large when shown at full width in the album
export const CARD_WIDTH = 1080
const MARGIN = 80
const FAMILY = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif'
const MONO = 'Menlo, Consolas, "Courier New", monospace'
const TITLE = { size: 60, line: 84 }
const BODY = { size: 42, line: 68 }
const SMALL = { size: 36, line: 58 }
// the signature fits in this box, keeping its own proportions
export const SIGNATURE_BOX = { w: 600, h: 260 }
const CODE_BOX_HEIGHT = 240

export const CARD_FAILED = '图片生成失败，请稍后再试'

export interface TextMeasurer {
  font: string
  measureText(text: string): { width: number }
}

export type CardOp =
  | { op: 'rect'; x: number; y: number; w: number; h: number; fill?: string; stroke?: string; lineWidth?: number }
  | { op: 'text'; text: string; x: number; y: number; font: string; color: string; align: 'left' | 'center' }
  // the signature, fitted into the box
  | { op: 'signature'; x: number; y: number; w: number; h: number }
  | { op: 'line'; x1: number; y1: number; x2: number; y2: number; color: string; width: number }

export interface CardLayout {
  width: number
  height: number
  ops: CardOp[]
}

export interface PledgeCardFacts {
  title: string
  body: string
  owner: string
  // who signed, in one line (signerLine)
  signer: string
  signedAt: string
  code: string
  version: number
}

const font = (size: number, bold = false, family = FAMILY) => `${bold ? 'bold ' : ''}${size}px ${family}`

// a closing mark never starts a line: it stays on the line before, a little past the margin; an
// opening mark never ends one: it moves to the next
const CLOSING = /^[，。、；：！？）》」』”’,.;:!?)\]]$/
const OPENING = /[（《「『“‘(\[]$/u
// a Latin word or a number is not split (unless it is wider than a line by itself)
const TOKENS = /[A-Za-z0-9@._%+\-/]+|[\s\S]/gu

// Lines no wider than maxWidth by the canvas's own measure (m.font set by the caller); a paragraph per
// line break, an empty one kept (drawn as a gap).
export function wrapLines(m: TextMeasurer, text: string, maxWidth: number): string[] {
  const out: string[] = []
  for (const para of text.replace(/\r\n?/g, '\n').split('\n')) {
    const tokens = (para.match(TOKENS) ?? []).flatMap((t) => (t.length > 1 && m.measureText(t).width > maxWidth ? Array.from(t) : [t]))
    let line = ''
    for (const t of tokens) {
      if (line && m.measureText(line + t).width > maxWidth && !CLOSING.test(t)) {
        const open = line.length > 1 && OPENING.test(line) ? line.slice(-1) : ''
        out.push(line.slice(0, line.length - open.length).trimEnd())
        line = open + (t.trim() ? t : '')
      } else {
        line += t
      }
    }
    out.push(line.trimEnd())
  }
  return out
}

// '2024年11月22日 14:30' in China time, wherever the phone is
export function chinaTime(iso: string): string {
  const c = new Date(Date.parse(iso) + 8 * 3600_000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${c.getUTCFullYear()}年${c.getUTCMonth() + 1}月${c.getUTCDate()}日 ${p(c.getUTCHours())}:${p(c.getUTCMinutes())}`
}

// Where everything goes, top to bottom; the height follows the text.
export function layoutPledgeCard(m: TextMeasurer, f: PledgeCardFacts): CardLayout {
  const W = CARD_WIDTH
  const inner = W - 2 * MARGIN
  const ops: CardOp[] = []
  const text = (t: string, x: number, y: number, fnt: string, color: string, align: 'left' | 'center' = 'left') => ops.push({ op: 'text', text: t, x, y, font: fnt, color, align })
  let y = 170
  m.font = font(TITLE.size, true)
  for (const line of wrapLines(m, f.title, inner)) {
    text(line, W / 2, y, m.font, '#b03a2e', 'center')
    y += TITLE.line
  }
  y += 30
  m.font = font(BODY.size)
  for (const line of wrapLines(m, f.body, inner)) {
    // an empty line is a paragraph gap, half a line
    if (line) text(line, MARGIN, y, m.font, '#222222')
    y += line ? BODY.line : BODY.line / 2
  }
  y += 30
  text('签名：', MARGIN, y + BODY.size + 10, font(BODY.size), '#222222')
  ops.push({ op: 'signature', x: MARGIN + 150, y: y - 10, w: SIGNATURE_BOX.w, h: SIGNATURE_BOX.h })
  y += SIGNATURE_BOX.h + 20
  ops.push({ op: 'line', x1: MARGIN, y1: y, x2: W - MARGIN, y2: y, color: '#dddddd', width: 2 })
  y += 80
  m.font = font(SMALL.size)
  for (const line of [f.signer, `签署时间：${chinaTime(f.signedAt)}`, `发起单位：${f.owner}`].flatMap((l) => wrapLines(m, l, inner))) {
    text(line, MARGIN, y, m.font, '#333333')
    y += SMALL.line
  }
  // the code, large, for reading aloud or typing into the verification page
  y += 20
  ops.push({ op: 'rect', x: MARGIN, y, w: inner, h: CODE_BOX_HEIGHT, fill: '#fdf2e9', stroke: '#e5a46b', lineWidth: 3 })
  text('核验码', W / 2, y + 62, font(34), '#8a5a2b', 'center')
  text(f.code, W / 2, y + 150, font(76, true, MONO), '#111111', 'center')
  text(`在「无诈」小程序核验 · 第${f.version}版承诺书`, W / 2, y + 210, font(32), '#8a5a2b', 'center')
  y += CODE_BOX_HEIGHT + 70
  const height = Math.ceil(y)
  // the frame first, under everything
  ops.unshift({ op: 'rect', x: 24, y: 24, w: W - 48, h: height - 48, stroke: '#b03a2e', lineWidth: 6 })
  return { width: W, height, ops }
}

export interface CardContext extends TextMeasurer {
  fillStyle: unknown
  strokeStyle: unknown
  lineWidth: number
  textAlign: string
  textBaseline: string
  fillRect(x: number, y: number, w: number, h: number): void
  strokeRect(x: number, y: number, w: number, h: number): void
  fillText(text: string, x: number, y: number): void
  drawImage(image: never, x: number, y: number, w: number, h: number): void
  beginPath(): void
  moveTo(x: number, y: number): void
  lineTo(x: number, y: number): void
  stroke(): void
}

export interface CardImage {
  width: number
  height: number
}

// Draws the layout on a white background (a transparent PNG turns black in some albums and chats).
export function paintCard(ctx: CardContext, card: CardLayout, signature: CardImage): void {
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(0, 0, card.width, card.height)
  ctx.textBaseline = 'alphabetic'
  for (const o of card.ops) {
    if (o.op === 'rect') {
      if (o.fill) {
        ctx.fillStyle = o.fill
        ctx.fillRect(o.x, o.y, o.w, o.h)
      }
      if (o.stroke) {
        ctx.strokeStyle = o.stroke
        ctx.lineWidth = o.lineWidth ?? 1
        ctx.strokeRect(o.x, o.y, o.w, o.h)
      }
    } else if (o.op === 'text') {
      ctx.font = o.font
      ctx.fillStyle = o.color
      ctx.textAlign = o.align
      ctx.fillText(o.text, o.x, o.y)
    } else if (o.op === 'line') {
      ctx.strokeStyle = o.color
      ctx.lineWidth = o.width
      ctx.beginPath()
      ctx.moveTo(o.x1, o.y1)
      ctx.lineTo(o.x2, o.y2)
      ctx.stroke()
    } else {
      // fitted into the box, left-aligned and centred vertically, never enlarged past twice its size
      const scale = Math.min(o.w / Math.max(1, signature.width), o.h / Math.max(1, signature.height), 2)
      const w = signature.width * scale
      const h = signature.height * scale
      ctx.drawImage(signature as never, o.x, o.y + (o.h - h) / 2, w, h)
    }
  }
}

// ---- the canvas of each platform ---------------------------------------------------------------

interface LoadableImage extends CardImage {
  src: string
  onload: (() => void) | null
  onerror: ((e: unknown) => void) | null
  crossOrigin?: string | null
}

interface CardCanvas {
  width: number
  height: number
  getContext(type: '2d'): unknown
  createImage?: () => LoadableImage
  toDataURL?: (type?: string) => string
}

function newCanvas(width: number, height: number): CardCanvas {
  if (process.env.TARO_ENV === 'weapp') return Taro.createOffscreenCanvas({ type: '2d', width, height }) as unknown as CardCanvas
  const c = document.createElement('canvas')
  c.width = width
  c.height = height
  return c as unknown as CardCanvas
}

function loaded(img: LoadableImage, src: string): Promise<LoadableImage> {
  return new Promise((resolve, reject) => {
    img.onload = () => resolve(img)
    img.onerror = () => reject(new Error('签名图片加载失败，请稍后再试'))
    img.src = src
  })
}

// WeChat: the canvas's own image from a downloaded temp file; H5: an <img> (crossOrigin keeps the
// canvas exportable should the API live on another origin that allows it).
async function loadSignature(canvas: CardCanvas, url: string): Promise<LoadableImage> {
  if (process.env.TARO_ENV === 'weapp') {
    const r = await Taro.downloadFile({ url })
    if (r.statusCode !== 200 || !canvas.createImage) throw new Error('签名图片下载失败，请稍后再试')
    return loaded(canvas.createImage(), r.tempFilePath)
  }
  const img = new Image() as unknown as LoadableImage
  img.crossOrigin = 'anonymous'
  return loaded(img, url)
}

export interface RenderedCard {
  // WeChat: a temp file path; H5: a data: URL of the PNG
  path: string
  width: number
  height: number
}

async function exportCanvas(canvas: CardCanvas, width: number, height: number): Promise<string> {
  if (process.env.TARO_ENV === 'weapp') {
    const opts = { canvas, x: 0, y: 0, width, height, destWidth: width, destHeight: height, fileType: 'png' }
    return (await Taro.canvasToTempFilePath(opts as unknown as Parameters<typeof Taro.canvasToTempFilePath>[0])).tempFilePath
  }
  if (!canvas.toDataURL) throw new Error(CARD_FAILED)
  return canvas.toDataURL('image/png')
}

// Lays out with the canvas's own text measure, then sizes the canvas to the layout and paints.
export async function renderCard(layout: (m: TextMeasurer) => CardLayout, signatureUrl: string): Promise<RenderedCard> {
  const canvas = newCanvas(CARD_WIDTH, 16)
  const measure = canvas.getContext('2d') as CardContext | null
  if (!measure) throw new Error(CARD_FAILED)
  const card = layout(measure)
  const signature = await loadSignature(canvas, signatureUrl)
  // resizing clears the canvas and its state: paint sets everything it uses
  canvas.width = card.width
  canvas.height = card.height
  const ctx = canvas.getContext('2d') as CardContext
  paintCard(ctx, card, signature)
  return { path: await exportCanvas(canvas, card.width, card.height), width: card.width, height: card.height }
}

// The signed pledge with the text it was signed on (its title, body and the campaign's owner).
export function renderPledgeCard(s: SignatureView, text: { title: string; body: string; owner: string }): Promise<RenderedCard> {
  if (!s.signatureUrl) return Promise.reject(new Error(CARD_FAILED))
  const facts: PledgeCardFacts = { ...text, signer: `签署人：${signerLine(s)}`, signedAt: s.signedAt, code: s.code, version: s.templateVersion }
  return renderCard((m) => layoutPledgeCard(m, facts), imageSrc(s.signatureUrl))
}

// ---- keeping it ------------------------------------------------------------------------------

export type SaveOutcome = 'saved' | 'downloaded' | 'cancelled' | 'denied'

const errMsg = (e: unknown) => String((e as { errMsg?: string })?.errMsg ?? (e as Error)?.message ?? '')

// WeChat: into the album. Once refused, WeChat no longer asks by itself: say where to allow it and
// open the settings; allowed there, save right away.
export async function saveToAlbum(filePath: string): Promise<SaveOutcome> {
  try {
    await Taro.saveImageToPhotosAlbum({ filePath })
    return 'saved'
  } catch (e) {
    const msg = errMsg(e)
    if (/cancel/i.test(msg)) return 'cancelled'
    if (/privacy/i.test(msg)) throw new Error('需要先同意隐私保护指引，才能把图片保存到相册')
    if (!/auth|deny|denied/i.test(msg)) throw new Error('保存失败，请稍后再试')
  }
  const ask = await Taro.showModal({
    title: '需要相册权限',
    content: '保存图片需要允许“保存到相册”。请点“去设置”，打开“保存到相册”（或“添加到相册”），回来后会自动保存。',
    confirmText: '去设置',
    cancelText: '暂不',
  })
  if (!ask.confirm) return 'denied'
  const setting = await Taro.openSetting()
  if (!setting.authSetting?.['scope.writePhotosAlbum']) return 'denied'
  await Taro.saveImageToPhotosAlbum({ filePath })
  return 'saved'
}

// H5: a download of the PNG through a temporary <a download>.
export function downloadCard(href: string, fileName: string): SaveOutcome {
  const a = document.createElement('a')
  a.href = href
  a.download = fileName
  a.className = 'e2e-card-download'
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  return 'downloaded'
}

export function saveCard(card: RenderedCard, fileName: string): Promise<SaveOutcome> {
  if (process.env.TARO_ENV === 'weapp') return saveToAlbum(card.path)
  return Promise.resolve(downloadCard(card.path, fileName))
}

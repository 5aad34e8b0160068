// The signed pledge drawn as a PNG: wrapping by the canvas's measure, what is drawn and in which
// order, WeChat (offscreen canvas, downloaded signature, canvasToTempFilePath, the album and its
// permission) and H5 (a DOM canvas, an <img>, a download), and the 保存到相册 button of the page.
import { act, fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { __reset, __setHandler, __setModalAnswer, __setRouterParams, __storage, calls } from './mocks/taro'
import {
  CARD_WIDTH,
  type CardContext,
  type TextMeasurer,
  chinaTime,
  layoutPledgeCard,
  paintCard,
  renderPledgeCard,
  saveCard,
  saveToAlbum,
  wrapLines,
} from '../src/services/card-image'
import PledgeViewPage from '../src/pages/pledge-view/index'
import { resetSessionForTests } from '../src/store/session'
import { membership, person } from './fixtures'
import { signPage, signature } from './pledge-fixtures'

const T = Taro as unknown as Record<string, unknown>

// A measure like a CJK font: full-width characters one em, the rest half an em.
function measurer(): TextMeasurer {
  return {
    font: '10px sans-serif',
    measureText(text: string) {
      const em = Number(/(\d+)px/.exec(this.font)?.[1] ?? 10)
      return { width: Array.from(text).reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? em : em / 2), 0) }
    },
  }
}

// A 2d context that records what is drawn.
type Call = [string, ...unknown[]]
function recorder(): CardContext & { log: Call[] } {
  const log: Call[] = []
  const m = measurer()
  const state = { fillStyle: '' as unknown, strokeStyle: '' as unknown, lineWidth: 1, textAlign: 'start', textBaseline: 'alphabetic' }
  const rec =
    (name: string) =>
    (...args: unknown[]) =>
      void log.push([name, ...args])
  const ctx = {
    log,
    ...state,
    get font() {
      return m.font
    },
    set font(v: string) {
      m.font = v
    },
    measureText: (t: string) => m.measureText(t),
    fillRect: rec('fillRect'),
    strokeRect: rec('strokeRect'),
    fillText(text: string, x: number, y: number) {
      log.push(['fillText', text, x, y, ctx.font, ctx.fillStyle])
    },
    drawImage: rec('drawImage'),
    beginPath: rec('beginPath'),
    moveTo: rec('moveTo'),
    lineTo: rec('lineTo'),
    stroke: rec('stroke'),
  }
  return ctx as unknown as CardContext & { log: Call[] }
}

const BODY = '一、不把自己的银行卡、手机卡借给或卖给别人，不帮陌生人转账、刷单。\n\n二、接到自称公检法、客服的电话，先挂断，再向老师和家长核实，拨打96110咨询。'

describe('wrapping', () => {
  test('lines stay within the width by the measure; paragraphs and gaps are kept; closing marks and numbers are not split off', () => {
    const m = measurer()
    m.font = '40px sans-serif'
    const lines = wrapLines(m, BODY, 400)
    expect(lines.length).toBeGreaterThan(4)
    // every line but those ending in a closing mark fits; those overhang by that one mark only
    for (const l of lines) {
      const w = m.measureText(l).width
      if (/[，。、]$/.test(l)) expect(w).toBeLessThanOrEqual(440)
      else expect(w).toBeLessThanOrEqual(400)
    }
    for (const l of lines) expect(l).not.toMatch(/^[，。、；：！？）]/)
    expect(lines).toContain('')
    expect(lines.join('')).toBe(BODY.replace(/\n/g, ''))
    expect(lines.some((l) => l.includes('96110'))).toBe(true)
    // an opening mark goes to the next line with what it opens
    expect(wrapLines(m, '一二三四五六七八九“十”', 400)).toEqual(['一二三四五六七八九', '“十”'])
    // ten characters of 40 px fill 400 px exactly: a line
    expect(wrapLines(m, '一二三四五六七八九十一二', 400)).toEqual(['一二三四五六七八九十', '一二'])
  })
})

describe('the pledge card', () => {
  const facts = { title: '学生反诈承诺书', body: BODY, owner: '和平镇中学', signer: '签署人：吴海涛（父亲）为 吴*轩 签署', signedAt: '2024-11-22T06:30:00.000Z', code: '7K3M9QXA2B', version: 2 }

  test('drawn on white: the title, the wrapped text, the signature fitted in its box, the signer, China time, the code and where to verify', () => {
    const ctx = recorder()
    const card = layoutPledgeCard(ctx, facts)
    expect(card.width).toBe(CARD_WIDTH)
    const sig = { width: 900, height: 600 }
    paintCard(ctx, card, sig)
    expect(ctx.log[0]).toEqual(['fillRect', 0, 0, CARD_WIDTH, card.height])
    const texts = ctx.log.filter((c) => c[0] === 'fillText').map((c) => c[1] as string)
    expect(texts[0]).toBe('学生反诈承诺书')
    expect(texts).toContain('签名：')
    expect(texts).toContain('签署人：吴海涛（父亲）为 吴*轩 签署')
    expect(texts).toContain('签署时间：2024年11月22日 14:30')
    expect(texts).toContain('发起单位：和平镇中学')
    expect(texts).toContain('7K3M9QXA2B')
    expect(texts).toContain('在「无诈」小程序核验 · 第2版承诺书')
    // the body, in order, between the title and the signature
    const body = texts.slice(1, texts.indexOf('签名：')).join('')
    expect(body).toBe(BODY.replace(/\n/g, ''))
    // the signature: drawn once, the image itself, within its box, after the text and before the code
    const draws = ctx.log.filter((c) => c[0] === 'drawImage')
    expect(draws).toHaveLength(1)
    const [, img, x, y, w, h] = draws[0] as [string, unknown, number, number, number, number]
    expect(img).toBe(sig)
    expect(w / h).toBeCloseTo(1.5)
    expect(h).toBeLessThanOrEqual(260)
    expect(x + w).toBeLessThanOrEqual(CARD_WIDTH)
    const at = (what: string) => ctx.log.findIndex((c) => c[0] === 'fillText' && c[1] === what)
    const drawAt = ctx.log.indexOf(draws[0])
    expect(at('签名：')).toBeLessThan(drawAt)
    expect(drawAt).toBeLessThan(at('7K3M9QXA2B'))
    // large and bold: the code is the biggest text on the card
    const codeCall = ctx.log[at('7K3M9QXA2B')]
    expect(codeCall[4]).toMatch(/^bold 76px .*monospace/)
    // everything inside the card
    for (const c of ctx.log.filter((c) => c[0] === 'fillText')) expect(c[3] as number).toBeLessThan(card.height)
    expect(y + h).toBeLessThan(card.height)
  })

  test('China time whatever the phone says', () => {
    expect(chinaTime('2024-12-31T16:05:00.000Z')).toBe('2025年1月1日 00:05')
  })
})

// ---- platforms -------------------------------------------------------------------------------

// an image that loads (or fails) as soon as its src is set
class FakeImage {
  width = 600
  height = 300
  onload: (() => void) | null = null
  onerror: ((e: unknown) => void) | null = null
  crossOrigin: string | null = null
  private s = ''
  static fail = false
  get src() {
    return this.s
  }
  set src(v: string) {
    this.s = v
    setTimeout(() => (FakeImage.fail ? this.onerror?.(new Error('x')) : this.onload?.()), 0)
  }
}

const withEnv = async (env: string, fn: () => Promise<void>) => {
  process.env.TARO_ENV = env
  try {
    await fn()
  } finally {
    process.env.TARO_ENV = 'h5'
  }
}

let ctx: ReturnType<typeof recorder>
const sizes: [number, number][] = []

beforeEach(() => {
  __reset()
  FakeImage.fail = false
  ctx = recorder()
  sizes.length = 0
  T.saveImageToPhotosAlbum = jest.fn(async () => ({ errMsg: 'saveImageToPhotosAlbum:ok' }))
  T.openSetting = jest.fn(async () => ({ authSetting: { 'scope.writePhotosAlbum': true } }))
  T.previewImage = jest.fn(async () => ({}))
  T.downloadFile = jest.fn(async () => ({ statusCode: 200, tempFilePath: 'wxfile://tmp/signature.png' }))
  T.canvasToTempFilePath = jest.fn(async () => ({ tempFilePath: 'wxfile://tmp/card.png' }))
  T.createOffscreenCanvas = jest.fn((o: { width: number; height: number }) => {
    const canvas = {
      width: o.width,
      height: o.height,
      getContext: () => {
        sizes.push([canvas.width, canvas.height])
        return ctx
      },
      createImage: () => new FakeImage(),
    }
    return canvas
  })
})
afterEach(() => {
  jest.restoreAllMocks()
  process.env.TARO_ENV = 'h5'
})

describe('WeChat', () => {
  test('an offscreen 2d canvas sized to the text; the signature downloaded into the canvas image; the PNG exported and saved to the album', async () => {
    await withEnv('weapp', async () => {
      const card = await renderPledgeCard(signature(), { title: '学生反诈承诺书', body: BODY, owner: '和平镇中学' })
      expect(T.createOffscreenCanvas).toHaveBeenCalledWith({ type: '2d', width: CARD_WIDTH, height: 16 })
      expect(T.downloadFile).toHaveBeenCalledWith({ url: '/api/pledge/signatures/301/signature.png?exp=1733000000&sig=abcdefghijklmnop' })
      // painted on the resized canvas, the downloaded file as the signature
      expect(sizes[sizes.length - 1]).toEqual([CARD_WIDTH, card.height])
      const draw = ctx.log.find((c) => c[0] === 'drawImage')!
      expect((draw[1] as FakeImage).src).toBe('wxfile://tmp/signature.png')
      const exported = (T.canvasToTempFilePath as jest.Mock).mock.calls[0][0]
      expect(exported).toMatchObject({ fileType: 'png', width: CARD_WIDTH, height: card.height, destWidth: CARD_WIDTH, destHeight: card.height })
      expect(exported.canvas.createImage).toBeDefined()
      expect(card.path).toBe('wxfile://tmp/card.png')

      expect(await saveCard(card, '承诺书.png')).toBe('saved')
      expect(T.saveImageToPhotosAlbum).toHaveBeenCalledWith({ filePath: 'wxfile://tmp/card.png' })
    })
  })

  test('a failed download of the signature is an error in words, nothing exported', async () => {
    T.downloadFile = jest.fn(async () => ({ statusCode: 404, tempFilePath: '' }))
    await withEnv('weapp', async () => {
      await expect(renderPledgeCard(signature(), { title: 't', body: 'b', owner: 'o' })).rejects.toThrow('签名图片下载失败')
    })
    expect(T.canvasToTempFilePath).not.toHaveBeenCalled()
  })

  test('album permission refused before: the way to allow it, the settings page, then saved', async () => {
    const save = jest.fn().mockRejectedValueOnce({ errMsg: 'saveImageToPhotosAlbum:fail auth deny' }).mockResolvedValueOnce({ errMsg: 'saveImageToPhotosAlbum:ok' })
    T.saveImageToPhotosAlbum = save
    const modal = jest.spyOn(T as { showModal: (o: { content: string }) => Promise<unknown> }, 'showModal')
    expect(await saveToAlbum('wxfile://tmp/card.png')).toBe('saved')
    expect(modal.mock.calls[0][0]).toMatchObject({ title: '需要相册权限', confirmText: '去设置' })
    expect((modal.mock.calls[0][0] as { content: string }).content).toContain('保存到相册')
    expect(T.openSetting).toHaveBeenCalledTimes(1)
    expect(save).toHaveBeenCalledTimes(2)
  })

  test('permission still off after the settings, or 暂不: denied without saving; a cancel says nothing', async () => {
    T.saveImageToPhotosAlbum = jest.fn(async () => Promise.reject({ errMsg: 'saveImageToPhotosAlbum:fail authorize no response' }))
    T.openSetting = jest.fn(async () => ({ authSetting: { 'scope.writePhotosAlbum': false } }))
    expect(await saveToAlbum('p')).toBe('denied')
    expect(T.saveImageToPhotosAlbum).toHaveBeenCalledTimes(1)

    __setModalAnswer(false)
    ;(T.openSetting as jest.Mock).mockClear()
    expect(await saveToAlbum('p')).toBe('denied')
    expect(T.openSetting).not.toHaveBeenCalled()

    T.saveImageToPhotosAlbum = jest.fn(async () => Promise.reject({ errMsg: 'saveImageToPhotosAlbum:fail cancel' }))
    expect(await saveToAlbum('p')).toBe('cancelled')
    T.saveImageToPhotosAlbum = jest.fn(async () => Promise.reject({ errMsg: 'saveImageToPhotosAlbum:fail file not exists' }))
    await expect(saveToAlbum('p')).rejects.toThrow('保存失败')
  })
})

describe('H5', () => {
  beforeEach(() => {
    jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => ctx as unknown as CanvasRenderingContext2D)
    jest.spyOn(HTMLCanvasElement.prototype, 'toDataURL').mockImplementation(() => 'data:image/png;base64,iVBORw0KGgoCARD')
    ;(globalThis as { Image: unknown }).Image = FakeImage
  })

  test('a DOM canvas, the signature as an image, the PNG as a download', async () => {
    const card = await renderPledgeCard(signature(), { title: '学生反诈承诺书', body: BODY, owner: '和平镇中学' })
    expect(card.path).toBe('data:image/png;base64,iVBORw0KGgoCARD')
    const draw = ctx.log.find((c) => c[0] === 'drawImage')!
    expect((draw[1] as FakeImage).src).toBe('/api/pledge/signatures/301/signature.png?exp=1733000000&sig=abcdefghijklmnop')
    expect((draw[1] as FakeImage).crossOrigin).toBe('anonymous')

    const clicked: HTMLAnchorElement[] = []
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this)
    })
    expect(await saveCard(card, '承诺书-7K3M9QXA2B.png')).toBe('downloaded')
    expect(clicked).toHaveLength(1)
    expect(clicked[0].download).toBe('承诺书-7K3M9QXA2B.png')
    expect(clicked[0].href).toBe('data:image/png;base64,iVBORw0KGgoCARD')
    // the link does not stay in the page
    expect(document.querySelector('.e2e-card-download')).toBeNull()
    expect(T.saveImageToPhotosAlbum).not.toHaveBeenCalled()
  })

  test('a signature image that does not load is an error in words', async () => {
    FakeImage.fail = true
    await expect(renderPledgeCard(signature(), { title: 't', body: 'b', owner: 'o' })).rejects.toThrow('签名图片加载失败')
  })
})

describe('the signed pledge page', () => {
  beforeEach(() => {
    __storage().set('wuzha.privacyAgreed', '1')
    resetSessionForTests({ phase: 'ready', me: person([membership(1, 'parent', '七年级1班', 'class', ['示范县', '和平镇', '和平镇中学', '七年级'])]) })
  })

  function serve(page = signPage()) {
    __setHandler((r) => {
      const path = r.url.split('?')[0]
      if (path === '/api/pledge/signatures/301') return { statusCode: 200, data: signature() }
      if (path === '/api/pledge/campaigns/9/sign') return { statusCode: 200, data: page }
      return { statusCode: 404, data: { code: 'NOT_FOUND', message: '不存在' } }
    })
  }
  const click = async (el: Element) => {
    await act(async () => {
      fireEvent.click(el)
    })
  }

  test('WeChat: 保存到相册 draws the text it was signed on and saves the PNG; the picture previews the PNG, drawn once', async () => {
    __setRouterParams({ id: '301' })
    serve()
    await withEnv('weapp', async () => {
      const { container: c } = render(<PledgeViewPage />)
      await waitFor(() => expect(c.querySelector('.e2e-pv-save')).toBeTruthy())
      await click(c.querySelector('.e2e-pv-save')!)
      await waitFor(() => expect(T.saveImageToPhotosAlbum).toHaveBeenCalledWith({ filePath: 'wxfile://tmp/card.png' }))
      await waitFor(() => expect(calls.toasts).toContain('已保存到相册'))
      const texts = ctx.log.filter((x) => x[0] === 'fillText').map((x) => x[1])
      expect(texts).toContain('学生反诈承诺书')
      expect(texts).toContain('第一段：不把银行卡借给别人。')
      expect(texts).toContain('发起单位：和平镇中学')
      await click(c.querySelector('.e2e-pv-image-open')!)
      await waitFor(() => expect(T.previewImage).toHaveBeenCalledWith({ urls: ['wxfile://tmp/card.png'], current: 'wxfile://tmp/card.png' }))
      expect(T.canvasToTempFilePath).toHaveBeenCalledTimes(1)
      expect(calls.requests.filter((r) => r.url.startsWith('/api/pledge/campaigns/9/sign'))).toHaveLength(1)
    })
  })

  test('a text that is not the signed version is not drawn: an error in words, nothing saved', async () => {
    __setRouterParams({ id: '301' })
    serve(signPage({ text: { title: '新版', body: '新的文本', version: 3, textHash: 'c'.repeat(64) } }))
    await withEnv('weapp', async () => {
      const { container: c } = render(<PledgeViewPage />)
      await waitFor(() => expect(c.querySelector('.e2e-pv-save')).toBeTruthy())
      await click(c.querySelector('.e2e-pv-save')!)
      await waitFor(() => expect(calls.toasts).toContain('图片生成失败，请稍后再试'))
      expect(T.saveImageToPhotosAlbum).not.toHaveBeenCalled()
      expect(T.createOffscreenCanvas).not.toHaveBeenCalled()
    })
  })
})

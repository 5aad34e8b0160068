// Smoke run of the weapp build without WeChat:
// 1. compiles every WXML and WXSS file in dist/ with WeChat's own compilers (wcc / wcsc from the
//    npm package miniprogram-compiler);
// 2. runs app.js and the home page in a Node vm with a stub `wx` and a fake API, and asserts that
//    the app launches, logs in (wx.login -> POST /api/auth/login), loads /api/me and renders
//    (setData with the person's community), then taps a button and checks the navigation;
// 3. opens the pledge sign page (a subpackage) and signs on its canvas-2d pad with touches: the
//    canvas node from the selector query, scaled by the pixel ratio, exported through
//    canvasToTempFilePath + readFile (base64) into the request.
const fs = require('fs')
const path = require('path')
const vm = require('vm')
const assert = require('assert')

const DIST = path.join(__dirname, '..', 'dist')
const t0 = Date.now()
const log = (...a) => console.log('[smoke]', ...a)

function listFiles(dir, ext, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) listFiles(p, ext, out)
    else if (e.name.endsWith(ext)) out.push(path.relative(DIST, p).split(path.sep).join('/'))
  }
  return out
}

// ---------- 1. WXML / WXSS with the official compilers ----------
function compileTemplates() {
  const { wxmlToJs, wxssToJs } = require('miniprogram-compiler')
  const wxml = listFiles(DIST, '.wxml')
  const wxss = listFiles(DIST, '.wxss')
  const wccSource = wxmlToJs(DIST)
  const sandbox = { console, Math, Date, JSON, Object, Array, String, Number, Boolean, RegExp, Error }
  sandbox.window = sandbox
  sandbox.global = sandbox
  sandbox.__wxAppCode__ = {}
  sandbox.__vd_version_info__ = {}
  vm.createContext(sandbox)
  const $gwx = vm.runInContext(`(function(global){${wccSource}})(this)`, sandbox)
  assert.strictEqual(typeof $gwx, 'function', 'wcc did not produce $gwx')
  for (const f of wxml) {
    const gen = $gwx(f)
    assert.strictEqual(typeof gen, 'function', `wcc: no generator for ${f}`)
  }
  const wxssOut = wxssToJs(DIST)
  if (wxssOut instanceof Error) throw wxssOut
  log(`wcc compiled ${wxml.length} WXML files, wcsc compiled ${wxss.length} WXSS files (${(wxssOut.length / 1024).toFixed(0)} KB of style code)`)
  return $gwx
}

// ---------- 2. run the bundle ----------
const calls = { login: 0, requests: [], navigations: [], toasts: [], signed: [], exported: [] }
const storage = new Map([['wuzha.privacyAgreed', '1']])

const ME = {
  id: 7,
  displayName: '王秀英',
  nameSet: true,
  phoneMasked: null,
  memberships: [
    {
      id: 11,
      role: 'resident',
      node: { id: 5, name: '烟雨村', kind: 'village' },
      nodePath: ['示范县', '和平镇'],
      createdAt: '2024-11-01T08:00:00.000Z',
    },
  ],
  createdAt: '2024-11-01T08:00:00.000Z',
}

const PLEDGE_HASH = 'c'.repeat(64)
const PLEDGE_PAGE = {
  campaign: { id: 9, title: '东山村居民反诈承诺书', intro: '', kind: 'resident', audience: 'residents', owner: { id: 2, name: '和平镇', kind: 'town' }, deadline: '2030-12-01T10:00:00.000Z', state: 'open', guardianSigns: false },
  text: { title: '居民反诈承诺书', body: '一、不把银行卡借给别人。\n二、不帮陌生人转账。', version: 1, textHash: PLEDGE_HASH },
  classes: [],
  units: [],
  mine: [],
  canSign: true,
  reason: null,
  classCounts: null,
}
const PLEDGE_SIGNATURE = {
  id: 31, campaignId: 9, campaignTitle: '东山村居民反诈承诺书', kind: 'resident', signerType: 'self', signerName: '', studentMasked: null, relationship: null, unitName: null, signerTitle: null,
  templateVersion: 1, textHash: PLEDGE_HASH, imageHash: PLEDGE_HASH, code: 'SM0KE7K3M9', signedAt: '2024-11-22T06:30:00.000Z', imageUrl: '/api/pledge/signatures/31/image?exp=1&sig=abcdefghijklmnop', repeated: false,
}

// The pad's canvas node as WeChat's selector query returns it (type 2d): records what is drawn.
const padCanvas = {
  width: 300,
  height: 150,
  drawn: [],
  getContext(type) {
    assert.strictEqual(type, '2d')
    return new Proxy({}, { get: (t, k) => (k in t ? t[k] : (...a) => void padCanvas.drawn.push([k, ...a])), set: (t, k, v) => ((t[k] = v), true) })
  },
}
// [box height, content height] of the pledge text: longer than its box, so it must be scrolled
const selectorAnswer = (sel, fields) => {
  if (/^#sig-pad-/.test(sel) && fields && fields.node) return { node: padCanvas, width: 300, height: 200 }
  if (sel === '#ps-text-box') return { height: 400 }
  if (sel === '#ps-text-body') return { height: 1200 }
  return null
}
function selectorQuery() {
  const queue = []
  const q = {
    in: () => q,
    select: (sel) => ({
      boundingClientRect: () => (queue.push(selectorAnswer(sel, {})), q),
      fields: (f) => (queue.push(selectorAnswer(sel, f)), q),
    }),
    exec: (cb) => later(() => cb && cb(queue)),
  }
  return q
}

function fakeApi(method, url, data) {
  const p = url.replace(/^https?:\/\/[^/]+/, '').split('?')[0]
  if (method === 'POST' && p === '/api/auth/login') {
    assert.strictEqual(data.code, 'smoke-wx-code', 'login must send the wx.login code')
    return [200, { accessToken: 'acc-1', accessExpiresIn: 900, refreshToken: 'ref-1-0123456789abcdef', refreshExpiresIn: 2592000, userId: 7, isNewUser: false }]
  }
  if (method === 'GET' && p === '/api/me') return [200, ME]
  if (method === 'GET' && p === '/api/me/family') return [200, { items: [] }]
  if (method === 'GET' && p === '/api/pledge/campaigns/9/sign') return [200, PLEDGE_PAGE]
  if (method === 'POST' && p === '/api/pledge/campaigns/9/signatures') {
    calls.signed.push(data)
    return [201, { ...PLEDGE_SIGNATURE, signerName: data.signerName }]
  }
  return [404, { code: 'ROUTE_NOT_FOUND', message: '接口不存在' }]
}

function later(fn) {
  setTimeout(fn, 0)
}

function callbackApi(result) {
  return (opts = {}) => {
    later(() => {
      opts.success && opts.success(result)
      opts.complete && opts.complete(result)
    })
  }
}

const systemInfo = {
  SDKVersion: '3.6.0',
  platform: 'devtools',
  pixelRatio: 2,
  windowWidth: 375,
  windowHeight: 667,
  screenWidth: 375,
  screenHeight: 667,
  statusBarHeight: 20,
  language: 'zh_CN',
  version: '8.0.50',
  fontSizeSetting: 21,
  fontSizeScaleFactor: 1.24,
  theme: 'light',
}

const wxBase = {
  getSystemInfoSync: () => ({ ...systemInfo }),
  getSystemInfo: callbackApi(systemInfo),
  getAppBaseInfo: () => ({ SDKVersion: systemInfo.SDKVersion, fontSizeSetting: 21, fontSizeScaleFactor: 1.24, language: 'zh_CN', theme: 'light' }),
  getWindowInfo: () => ({ pixelRatio: 2, windowWidth: 375, windowHeight: 667, screenWidth: 375, screenHeight: 667, statusBarHeight: 20 }),
  getDeviceInfo: () => ({ platform: 'devtools', pixelRatio: 2 }),
  getStorageSync: (k) => (storage.has(k) ? storage.get(k) : ''),
  setStorageSync: (k, v) => void storage.set(k, v),
  removeStorageSync: (k) => void storage.delete(k),
  login: (opts) => {
    calls.login++
    later(() => {
      opts.success && opts.success({ code: 'smoke-wx-code', errMsg: 'login:ok' })
      opts.complete && opts.complete({})
    })
  },
  request: (opts) => {
    const method = (opts.method || 'GET').toUpperCase()
    const data = typeof opts.data === 'string' ? JSON.parse(opts.data || '{}') : opts.data
    calls.requests.push({ method, url: opts.url, auth: opts.header && opts.header.Authorization })
    const [statusCode, body] = fakeApi(method, opts.url, data)
    later(() => {
      const res = { statusCode, data: body, header: {}, errMsg: 'request:ok' }
      opts.success && opts.success(res)
      opts.complete && opts.complete(res)
    })
    return { abort() {} }
  },
  switchTab: (opts) => {
    calls.navigations.push({ type: 'switchTab', url: opts.url })
    callbackApi({ errMsg: 'switchTab:ok' })(opts)
  },
  navigateTo: (opts) => {
    calls.navigations.push({ type: 'navigateTo', url: opts.url })
    callbackApi({ errMsg: 'navigateTo:ok' })(opts)
  },
  showToast: (opts) => {
    calls.toasts.push(opts.title)
    callbackApi({})(opts)
  },
  nextTick: (fn) => later(fn),
  onNeedPrivacyAuthorization: () => {},
  createSelectorQuery: selectorQuery,
  showModal: (opts) => callbackApi({ confirm: true, cancel: false, errMsg: 'showModal:ok' })(opts),
  canvasToTempFilePath: (opts) => {
    calls.exported.push(opts)
    callbackApi({ tempFilePath: 'wxfile://tmp/pad.png', errMsg: 'canvasToTempFilePath:ok' })(opts)
  },
  getFileSystemManager: () => ({
    readFile: (opts) => {
      assert.strictEqual(opts.filePath, 'wxfile://tmp/pad.png')
      assert.strictEqual(opts.encoding, 'base64')
      callbackApi({ data: 'U01PS0VQTkc=' })(opts)
    },
  }),
}

// Anything else the runtime touches answers like a successful no-op.
const wx = new Proxy(wxBase, {
  get(target, prop) {
    if (prop in target) return target[prop]
    if (typeof prop !== 'string' || prop === 'then' || prop === 'webpackJsonp') return undefined
    if (/^(on|off)[A-Z]/.test(prop)) return () => {}
    if (/^(create|get)/.test(prop) && prop.endsWith('Sync')) return () => ({})
    return (opts = {}) => {
      if (opts && typeof opts === 'object') later(() => { opts.success && opts.success({}); opts.complete && opts.complete({}) })
    }
  },
  set(target, prop, value) {
    target[prop] = value
    return true
  },
})

// Apply a setData patch: keys like "root.cn.[0].v" or "root.cn[0].cn[1].v".
function applyPatch(data, patch) {
  for (const [key, value] of Object.entries(patch)) {
    const parts = key.replace(/\.\[/g, '[').replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean)
    let obj = data
    for (let i = 0; i < parts.length - 1; i++) {
      const k = parts[i]
      if (obj[k] === undefined || obj[k] === null) obj[k] = /^\d+$/.test(parts[i + 1]) ? [] : {}
      obj = obj[k]
    }
    obj[parts[parts.length - 1]] = value
  }
}

let appConfig = null
const pageConfigs = {}
const componentConfigs = []
const pages = []
let setDataCount = 0

function makeInstance(config, route) {
  const inst = Object.create(null)
  Object.assign(inst, config)
  for (const [k, v] of Object.entries(config.methods || {})) inst[k] = v
  inst.data = JSON.parse(JSON.stringify(config.data || {}))
  inst.route = route
  inst.__route__ = route
  inst.is = route
  inst.options = {}
  inst.setData = function (patch, cb) {
    setDataCount++
    if (process.env.SMOKE_DEBUG) console.log('setData', JSON.stringify(patch).slice(0, 400))
    applyPatch(this.data, patch)
    if (cb) later(cb)
  }
  inst.selectComponent = () => null
  inst.createSelectorQuery = () => wx.createSelectorQuery()
  inst.getOpenerEventChannel = () => ({ on() {}, emit() {} })
  return inst
}

const sandbox = {
  console,
  setTimeout,
  clearTimeout,
  setInterval,
  clearInterval,
  Promise,
  wx,
  App: (cfg) => void (appConfig = cfg),
  Page: (cfg) => void (pageConfigs[currentModule] = cfg),
  Component: (cfg) => void componentConfigs.push({ module: currentModule, cfg }),
  Behavior: (b) => b,
  getApp: () => appConfig,
  getCurrentPages: () => pages,
  requirePlugin: () => ({}),
  __wxConfig: { envVersion: 'develop', accountInfo: { miniProgram: { appId: 'touristappid' } } },
}
sandbox.global = sandbox
sandbox.globalThis = sandbox
vm.createContext(sandbox)

let currentModule = ''
const moduleCache = {}
function requireIn(fromDir) {
  return (request) => {
    let file = path.resolve(fromDir, request)
    if (!file.endsWith('.js')) file += '.js'
    if (moduleCache[file]) return moduleCache[file].exports
    const mod = { exports: {} }
    moduleCache[file] = mod
    const prev = currentModule
    currentModule = path.relative(DIST, file).replace(/\.js$/, '')
    const code = fs.readFileSync(file, 'utf8')
    const fn = vm.runInContext(`(function (require, module, exports) {${code}\n})`, sandbox, { filename: file })
    fn(requireIn(path.dirname(file)), mod, mod.exports)
    currentModule = prev
    return mod.exports
  }
}

const settle = (ms = 50) => new Promise((r) => setTimeout(r, ms))

// All text values of the Taro render tree kept in page data.
function texts(node, out = []) {
  if (!node || typeof node !== 'object') return out
  if (typeof node.v === 'string') out.push(node.v)
  for (const c of node.cn || []) texts(c, out)
  return out
}

// Path (root first) to the deepest element (not a text node) whose subtree contains `label`.
function pathTo(node, label, trail = []) {
  if (!node || typeof node !== 'object' || typeof node.v === 'string') return null
  if (!texts(node).join('').includes(label)) return null
  const here = node.sid ? [...trail, node] : trail
  for (const c of node.cn || []) {
    const hit = pathTo(c, label, here)
    if (hit) return hit
  }
  return here
}

// A native tap: every element binds tap to the page's `eh`, and the event bubbles up through them.
function tap(page, label) {
  const trail = pathTo(page.data.root, label)
  assert.ok(trail && trail.length, `nothing labelled ${label} in the render tree`)
  const handler = page.eh
  assert.strictEqual(typeof handler, 'function', 'page has no Taro event handler (eh)')
  const target = trail[trail.length - 1]
  for (const el of [...trail].reverse()) {
    handler.call(page, {
      type: 'tap',
      timeStamp: Date.now(),
      target: { id: target.sid, dataset: { sid: target.sid } },
      currentTarget: { id: el.sid, dataset: { sid: el.sid } },
      detail: { x: 1, y: 1 },
      touches: [],
      changedTouches: [],
    })
  }
}

// The first element whose class list contains `cls` (Taro keeps it in `cl`).
function byClass(node, cls) {
  if (!node || typeof node !== 'object') return null
  if (typeof node.cl === 'string' && node.cl.split(/\s+/).includes(cls)) return node
  for (const c of node.cn || []) {
    const hit = byClass(c, cls)
    if (hit) return hit
  }
  return null
}

// A native event on one element (touches, inputs, scroll ends).
function fire(page, cls, type, extra = {}) {
  const el = byClass(page.data.root, cls)
  assert.ok(el, `no element with class ${cls}`)
  page.eh.call(page, { type, timeStamp: Date.now(), target: { id: el.uid || el.sid, dataset: { sid: el.sid } }, currentTarget: { id: el.uid || el.sid, dataset: { sid: el.sid } }, detail: {}, touches: [], changedTouches: [], ...extra })
}

async function until(what, test) {
  for (let i = 0; i < 60; i++) {
    if (test()) return
    await settle(50)
  }
  assert.fail(`timed out waiting for ${what}`)
}

async function signPledge(req) {
  req('./pages/pledge-sign/index')
  const cfg = pageConfigs['pages/pledge-sign/index']
  assert.ok(cfg, 'pages/pledge-sign/index.js did not call Page()')
  const page = makeInstance(cfg, 'pages/pledge-sign/index')
  pages.push(page)
  page.onLoad && page.onLoad.call(page, { id: '9' })
  page.onShow && page.onShow.call(page)
  page.onReady && page.onReady.call(page)
  await until('the pledge text', () => texts(page.data.root).some((t) => t.includes('不帮陌生人转账')))

  // the text is longer than its box: 下一步 waits for the end of the scroll
  const nextOff = () => byClass(page.data.root, 'e2e-ps-next').cl.includes('nut-button-disabled')
  await settle(400)
  assert.ok(nextOff(), '下一步 should be disabled before the end of the text')
  fire(page, 'e2e-ps-text', 'scrolltolower')
  await until('下一步 enabled', () => !nextOff())
  tap(page, '下一步')
  await until('the signing form', () => byClass(page.data.root, 'e2e-ps-signer-name'))
  fire(page, 'e2e-ps-signer-name', 'input', { detail: { value: '张桂英' } })

  // the pad: the node from the selector query, its bitmap at the pixel ratio
  await until('the pad', () => byClass(page.data.root, 'e2e-sig-canvas').cl.split(' ').includes('ready'))
  assert.deepStrictEqual([padCanvas.width, padCanvas.height], [600, 400], 'canvas not scaled by the pixel ratio')
  assert.ok(padCanvas.drawn.some(([k, x, y]) => k === 'scale' && x === 2 && y === 2), 'context not scaled by the pixel ratio')
  const strokes = [
    [[20, 60], [70, 62], [140, 60]],
    [[80, 20], [82, 100], [80, 180]],
    [[160, 40], [220, 110], [280, 180]],
  ]
  for (const s of strokes) {
    s.forEach(([x, y], i) => fire(page, 'e2e-sig-canvas', i === 0 ? 'touchstart' : 'touchmove', { touches: [{ x, y }], changedTouches: [{ x, y }] }))
    fire(page, 'e2e-sig-canvas', 'touchend', { changedTouches: [{ x: 0, y: 0 }] })
  }
  assert.ok(padCanvas.drawn.some(([k]) => k === 'quadraticCurveTo'), 'touches drew no curves')

  tap(page, '确认签署')
  await until('the signature request', () => calls.signed.length === 1)
  assert.strictEqual(calls.exported.length, 1, 'canvasToTempFilePath not called')
  assert.strictEqual(calls.exported[0].canvas, padCanvas, 'canvasToTempFilePath must get the canvas node')
  const sent = calls.signed[0]
  assert.strictEqual(sent.signaturePng, 'U01PS0VQTkc=', 'the request must carry the base64 read from the temp file')
  assert.deepStrictEqual([sent.textHash, sent.readToEnd, sent.signerName], [PLEDGE_HASH, true, '张桂英'])
  await until('the code', () => texts(page.data.root).some((t) => t.includes('SM0KE7K3M9')))
  log('signed a pledge on the canvas-2d pad with touches (scaled 2x, exported via canvasToTempFilePath + readFile)')
}

async function run() {
  compileTemplates()
  const req = requireIn(DIST)

  req('./app')
  assert.ok(appConfig, 'app.js did not call App()')
  appConfig.onLaunch && appConfig.onLaunch.call(appConfig, { path: 'pages/index/index', query: {}, scene: 1001 })
  appConfig.onShow && appConfig.onShow.call(appConfig, { path: 'pages/index/index', query: {}, scene: 1001 })
  log('App() registered and launched')

  req('./pages/index/index')
  const pageCfg = pageConfigs['pages/index/index']
  assert.ok(pageCfg, 'pages/index/index.js did not call Page()')
  const page = makeInstance(pageCfg, 'pages/index/index')
  pages.push(page)
  page.onLoad && page.onLoad.call(page, {})
  page.onShow && page.onShow.call(page)
  page.onReady && page.onReady.call(page)

  // wait for login + /api/me + render
  let shown = []
  for (let i = 0; i < 60; i++) {
    await settle(50)
    shown = texts(page.data.root)
    if (shown.some((t) => t.includes('烟雨村'))) break
  }
  assert.strictEqual(calls.login, 1, `wx.login should be called once, was ${calls.login}`)
  const loginReq = calls.requests.find((r) => r.method === 'POST' && r.url === 'http://localhost:3000/api/auth/login')
  assert.ok(loginReq, `no POST to http://localhost:3000/api/auth/login; requests: ${JSON.stringify(calls.requests)}`)
  const meReq = calls.requests.find((r) => r.url.endsWith('/api/me'))
  assert.ok(meReq && meReq.auth === 'Bearer acc-1', 'GET /api/me must carry the access token')
  assert.ok(setDataCount > 0, 'page never called setData')
  assert.ok(shown.some((t) => t.includes('王秀英')), `greeting not rendered; texts: ${shown.join(' | ')}`)
  assert.ok(shown.some((t) => t.includes('烟雨村')), 'community name not rendered')
  assert.strictEqual(storage.get('wuzha.accessToken'), 'acc-1', 'token not stored')
  log(`logged in and rendered home (${setDataCount} setData calls, ${shown.length} text nodes)`)

  // root font size follows the WeChat font scale (17 px x 1.24)
  const json = JSON.stringify(page.data.root)
  assert.ok(/font-size:\s*21\.1px/.test(json), 'root font size does not follow fontSizeScaleFactor')

  // tap "学习防骗知识": Taro's event handler switches to the learn tab
  tap(page, '学习防骗知识')
  await settle(50)
  assert.ok(
    calls.navigations.some((n) => n.type === 'switchTab' && n.url.includes('pages/learn/index')),
    `tap did not switch to the learn tab; navigations: ${JSON.stringify(calls.navigations)}`,
  )
  log('tap on 学习防骗知识 switched to the 学习 tab')

  await signPledge(req)
  log(`ok in ${Date.now() - t0} ms`)
}

run().then(
  () => process.exit(0),
  (err) => {
    console.error('[smoke] FAILED:', err && err.stack ? err.stack : err)
    process.exit(1)
  },
)

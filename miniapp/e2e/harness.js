// Starts the built server (API + H5 build on one port, mock WeChat, a fresh SQLite file) and
// Chromium, for the browser tests.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '..', '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'browser');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(base, child, logs) {
  // generous: a cold start on a loaded CI machine reads thousands of module files (seen at 35 s)
  const deadline = Date.now() + 180000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${logs.join('')}`);
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not become healthy:\n${logs.join('')}`);
}

async function startServer() {
  const main = path.join(ROOT, 'server', 'dist', 'main.js');
  const h5 = path.join(ROOT, 'miniapp', 'dist-h5');
  for (const f of [main, path.join(h5, 'index.html')]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: build the server and the H5 app first`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wuzha-browser-'));
  const port = await freePort();
  const logs = [];
  const child = spawn(process.execPath, [main], {
    cwd: path.join(ROOT, 'server'),
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${path.join(dataDir, 'wuzha.sqlite')}`,
      WECHAT_MODE: 'mock',
      H5_DIR: h5,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => logs.push(String(d)));
  child.stderr.on('data', (d) => logs.push(String(d)));
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base, child, logs);
  return {
    base,
    logs,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A phone-sized page that fails the test on any uncaught page error.
async function newPhonePage(browser) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // let Taro's page-slide transition finish so the picture shows one page (assertions never wait on this)
  await page.waitForTimeout(700);
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

async function apiLogin(base, openid) {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: `mock:${openid}` }) });
  if (!res.ok) throw new Error(`login ${openid}: ${res.status}`);
  return (await res.json()).accessToken;
}

async function apiGet(base, token, url) {
  const res = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
}

// Taro's H5 router keeps earlier pages of the stack in the DOM, hidden: match visible elements only.
const visible = (page, selector, opts) => page.locator(`${selector}:visible`, opts).first();

// Opens the app, agrees to the privacy notice and picks a demo user in the mock-login picker.
// `who`: a role, or `{ role, name }` where several demo users share the role.
async function loginAs(page, base, who) {
  page.setDefaultTimeout(20000);
  const picker = typeof who === 'string' ? visible(page, `.e2e-demo-${who}`) : visible(page, `.e2e-demo-${who.role}`, { hasText: who.name });
  await page.goto(`${base}/`);
  await visible(page, '.e2e-privacy-agree').click();
  try {
    await picker.waitFor({ timeout: 8000 });
  } catch {
    await visible(page, '.e2e-go-login').click();
    await picker.waitFor();
  }
  await picker.click();
  await visible(page, '.e2e-greeting').waitFor();
}

// Taro's H5 modal (showModal): press its confirm button.
async function confirmModal(page, text) {
  await page.getByText(text, { exact: true }).filter({ visible: true }).last().click();
}

module.exports = { startServer, launchBrowser, newPhonePage, screenshot, apiLogin, apiGet, visible, loginAs, confirmModal };

// Fails (exit 1) when the weapp main package (everything in dist/ not under a subpackage root)
// exceeds the budget. WeChat's hard limit is 2 MB per package; we keep headroom.
const fs = require('fs')
const path = require('path')

const DIST = path.join(__dirname, '..', 'dist')
const BUDGET = 1.5 * 1024 * 1024
const SUB_LIMIT = 2 * 1024 * 1024

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) walk(p, out)
    else out.push({ rel: path.relative(DIST, p).split(path.sep).join('/'), size: fs.statSync(p).size })
  }
  return out
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`

if (!fs.existsSync(path.join(DIST, 'app.json'))) {
  console.error('dist/app.json not found: run `npm run build:weapp -w miniapp` first')
  process.exit(1)
}
const app = JSON.parse(fs.readFileSync(path.join(DIST, 'app.json'), 'utf8'))
const roots = (app.subPackages || app.subpackages || []).map((s) => s.root.replace(/\/?$/, '/'))
const files = walk(DIST)
const main = files.filter((f) => !roots.some((r) => f.rel.startsWith(r)))
const mainSize = main.reduce((a, f) => a + f.size, 0)

console.log('weapp main package, largest files:')
for (const f of [...main].sort((a, b) => b.size - a.size).slice(0, 8)) console.log(`  ${kb(f.size).padStart(10)}  ${f.rel}`)
let failed = false
for (const r of roots) {
  const size = files.filter((f) => f.rel.startsWith(r)).reduce((a, f) => a + f.size, 0)
  console.log(`subpackage ${r}: ${kb(size)}`)
  if (size > SUB_LIMIT) {
    console.error(`subpackage ${r} exceeds WeChat's 2 MB limit`)
    failed = true
  }
}
console.log(`main package: ${kb(mainSize)} (budget ${kb(BUDGET)})`)
if (mainSize > BUDGET) {
  console.error(`main package exceeds the budget by ${kb(mainSize - BUDGET)}`)
  failed = true
}
process.exit(failed ? 1 : 0)

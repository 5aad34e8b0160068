// Writes the tab bar icons (81x81 PNG, grey and selected blue) to src/assets/tab/.
// WeChat's tab bar needs image files; these are drawn from simple shapes, no image tools needed.
// Run: node scripts/make-tab-icons.js
const fs = require('fs')
const path = require('path')
const zlib = require('zlib')

const SIZE = 81
const GREY = [0x55, 0x5b, 0x66]
const BLUE = [0x0b, 0x57, 0xd0]

function crc32(buf) {
  let c
  const table = []
  for (let n = 0; n < 256; n++) {
    c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  let crc = 0xffffffff
  for (const b of buf) crc = table[(crc ^ b) & 0xff] ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}

function png(inside, rgb) {
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1))
  for (let y = 0; y < SIZE; y++) {
    raw[y * (SIZE * 4 + 1)] = 0
    for (let x = 0; x < SIZE; x++) {
      // 4x supersampling for smooth edges
      let hits = 0
      for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) if (inside(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4)) hits++
      const o = y * (SIZE * 4 + 1) + 1 + x * 4
      raw[o] = rgb[0]
      raw[o + 1] = rgb[1]
      raw[o + 2] = rgb[2]
      raw[o + 3] = Math.round((hits / 16) * 255)
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(SIZE, 0)
  ihdr.writeUInt32BE(SIZE, 4)
  ihdr[8] = 8
  ihdr[9] = 6
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const inRect = (x, y, x0, y0, x1, y1) => x >= x0 && x <= x1 && y >= y0 && y <= y1
const inCircle = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r

const shapes = {
  // a house: roof triangle + body with a door cut out
  home(x, y) {
    const roof = y >= 12 && y <= 40 && Math.abs(x - 40.5) <= (y - 12) * 1.1
    const body = inRect(x, y, 18, 38, 63, 70)
    const door = inRect(x, y, 34, 50, 47, 70)
    return (roof || body) && !door
  },
  // an open book
  learn(x, y) {
    const left = inRect(x, y, 10, 18, 38, 64) && !inRect(x, y, 15, 24, 34, 58)
    const right = inRect(x, y, 43, 18, 71, 64) && !inRect(x, y, 47, 24, 66, 58)
    const lines = (inRect(x, y, 18, 30, 31, 33) || inRect(x, y, 18, 40, 31, 43) || inRect(x, y, 50, 30, 63, 33) || inRect(x, y, 50, 40, 63, 43))
    const spine = inRect(x, y, 38, 20, 43, 68)
    return left || right || lines || spine
  },
  // a person: head + shoulders
  mine(x, y) {
    const head = inCircle(x, y, 40.5, 27, 14)
    const body = y >= 46 && y <= 72 && inCircle(x, y, 40.5, 74, 28)
    return head || body
  },
}

const out = path.join(__dirname, '..', 'src', 'assets', 'tab')
fs.mkdirSync(out, { recursive: true })
for (const [name, fn] of Object.entries(shapes)) {
  fs.writeFileSync(path.join(out, `${name}.png`), png(fn, GREY))
  fs.writeFileSync(path.join(out, `${name}-active.png`), png(fn, BLUE))
}
console.log('tab icons written to', out)

'use strict';
// Group-broadcast benches on the county data (county.js): request generators for the open-tracking
// endpoint, one bulletin's dashboard latency, and publishing to a town of 300 villages.

const crypto = require('node:crypto');
const jwt = require('jsonwebtoken');
const { mockSessionKey } = require('./county');

// Same claims as AccessTokenService.sign (the bench holds the app's JWT secret).
function tokenSigner(secret, ttl) {
  const key = crypto.createSecretKey(Buffer.from(secret, 'utf8'));
  return (userId) => {
    const iat = Math.floor(Date.now() / 1000);
    return jwt.sign({ sub: String(userId), typ: 'access', iat, exp: iat + ttl }, key, { algorithm: 'HS256' });
  };
}

// What wx.getGroupEnterInfo hands the mini program: the group's opengid and a watermark, AES-128-CBC
// with the user's session key (the mock one the app derives from the openid).
function groupInfoFor(openid, opengid, { appId, wechatSecret }) {
  const key = Buffer.from(mockSessionKey(openid, wechatSecret), 'base64');
  const iv = crypto.randomBytes(16);
  const c = crypto.createCipheriv('aes-128-cbc', key, iv);
  const plain = JSON.stringify({ opengid, watermark: { timestamp: Math.floor(Date.now() / 1000), appid: appId } });
  return { encryptedData: Buffer.concat([c.update(plain, 'utf8'), c.final()]).toString('base64'), iv: iv.toString('base64') };
}

// One request per reader, in order, each with its own token and group info (made up front: the
// encryption is the client's work, not the server's).
function openSpec(bulletinId, readers, sign, wechat) {
  const prepared = readers.map((r) => ({
    authorization: `Bearer ${sign(r.id)}`,
    body: JSON.stringify({ group: groupInfoFor(r.openid, r.opengid, wechat) }),
  }));
  let n = 0;
  return {
    size: prepared.length,
    request: () => ({
      method: 'POST',
      path: `/api/bulletins/${bulletinId}/open`,
      headers: { 'content-type': 'application/json' },
      setupRequest: (req) => {
        const p = prepared[n++ % prepared.length];
        return { ...req, headers: { ...req.headers, authorization: p.authorization }, body: p.body };
      },
    }),
  };
}

function percentileOf(sorted, p) {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

// Sequential GETs of one bulletin's town dashboard: latency percentiles, and the numbers checked
// against what the generator wrote.
async function dashboardLatency(port, { bulletinId, townId, expect }, token, { warmup = 20, runs = 200 } = {}) {
  const url = `http://127.0.0.1:${port}/api/bulletins/${bulletinId}/dashboard?nodeId=${townId}`;
  const get = async () => {
    const t0 = process.hrtime.bigint();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
    const body = await res.json();
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, status: res.status, body };
  };
  const first = await get();
  if (first.status !== 200) throw new Error(`dashboard: ${first.status} ${JSON.stringify(first.body).slice(0, 300)}`);
  const t = first.body.totals;
  const mismatch = [];
  for (const k of ['groupsRegistered', 'groupsReached', 'readers', 'confirmations']) if (t[k] !== expect[k]) mismatch.push(`${k} ${t[k]} (expected ${expect[k]})`);
  if (first.body.rows.length !== expect.rows) mismatch.push(`rows ${first.body.rows.length} (expected ${expect.rows})`);
  for (let i = 0; i < warmup; i++) await get();
  const times = [];
  let errors = 0;
  for (let i = 0; i < runs; i++) {
    const r = await get();
    if (r.status !== 200) errors++;
    times.push(r.ms);
  }
  times.sort((a, b) => a - b);
  const round = (x) => Math.round(x * 10) / 10;
  return { runs, errors, p50: round(percentileOf(times, 0.5)), p95: round(percentileOf(times, 0.95)), max: round(times[times.length - 1]), mismatch: mismatch.join('; ') || null };
}

module.exports = { tokenSigner, groupInfoFor, openSpec, dashboardLatency };

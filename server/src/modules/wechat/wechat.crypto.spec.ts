import { createCipheriv, randomBytes } from 'node:crypto';
import { DomainError } from '../../common/domain-error';
import { decryptWechatData } from './wechat.crypto';

// WeChat's published sample (docs: 开放数据校验与解密)
const VECTOR = {
  appId: 'wx4f4bc4dec97d474b',
  sessionKey: 'tiihtNczf5v6AKRyjwEUhQ==',
  iv: 'r7BXXKkLb8qrSNn05n0qiA==',
  encryptedData:
    'CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142dNCuabNPGBzlooOmB231qMM85d2/fV6ChevvXvQP8Hkue1poOFtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4PC7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJdNiKdYmYVoKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuyDb/XcxxmK01EpqOyuxINew==',
  plaintext:
    '{"openId":"oGZUI0egBJY1zhBYw2KhdUfwVJJE","nickName":"Band","gender":1,"language":"zh_CN","city":"Guangzhou","province":"Guangdong","country":"CN","avatarUrl":"http://wx.qlogo.cn/mmopen/vi_32/aSKcBBPpibyKNicHNTMM0qJVh8Kjgiak2AHWr8MHM4WgMEm7GFhsf8OYrySdbvAMvTsw3mo8ibKicsnfN5pRjl1p8HQ/0","unionId":"ocMvos6NjeKLIBqg5Mr9QjxrP1FA","watermark":{"timestamp":1477314187,"appid":"wx4f4bc4dec97d474b"}}',
};

function failsWithDecrypt(fn: () => unknown): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(DomainError);
  expect((caught as DomainError).code).toBe('WECHAT_DECRYPT_FAILED');
}

function encrypt(plain: string, key: Buffer, iv: Buffer, autoPadding = true): string {
  const c = createCipheriv('aes-128-cbc', key, iv);
  c.setAutoPadding(autoPadding);
  return Buffer.concat([c.update(plain, 'utf8'), c.final()]).toString('base64');
}

describe('decryptWechatData', () => {
  it('decrypts the published test vector', () => {
    const out = decryptWechatData(VECTOR.encryptedData, VECTOR.iv, VECTOR.sessionKey, VECTOR.appId);
    expect(out).toEqual(JSON.parse(VECTOR.plaintext));
    expect((out as any).openId).toBe('oGZUI0egBJY1zhBYw2KhdUfwVJJE');
  });

  it('refuses data watermarked for another app', () => {
    failsWithDecrypt(() => decryptWechatData(VECTOR.encryptedData, VECTOR.iv, VECTOR.sessionKey, 'wx0000000000000000'));
  });

  it('refuses a wrong session key', () => {
    failsWithDecrypt(() => decryptWechatData(VECTOR.encryptedData, VECTOR.iv, randomBytes(16).toString('base64'), VECTOR.appId));
  });

  it('refuses a tampered iv (first block garbles → not JSON)', () => {
    const iv = Buffer.from(VECTOR.iv, 'base64');
    iv[0] ^= 0x55;
    failsWithDecrypt(() => decryptWechatData(VECTOR.encryptedData, iv.toString('base64'), VECTOR.sessionKey, VECTOR.appId));
  });

  it('refuses tampered ciphertext where it breaks structure, watermark or padding', () => {
    const data = Buffer.from(VECTOR.encryptedData, 'base64');
    const tamper = (block: number) => {
      const t = Buffer.from(data);
      t[block * 16 + 3] ^= 0x01;
      return t.toString('base64');
    };
    const blocks = data.length / 16;
    // first block (JSON opening), the watermark's block, the padding block
    for (const block of [0, blocks - 3, blocks - 1]) {
      failsWithDecrypt(() => decryptWechatData(tamper(block), VECTOR.iv, VECTOR.sessionKey, VECTOR.appId));
    }
    // CBC has no MAC (WeChat's design): a flip that lands inside a string value can survive as
    // valid JSON. It must still never come back as the original data.
    let refused = 0;
    for (let block = 0; block < blocks; block++) {
      try {
        const out = decryptWechatData(tamper(block), VECTOR.iv, VECTOR.sessionKey, VECTOR.appId);
        expect(out).not.toEqual(JSON.parse(VECTOR.plaintext));
      } catch (e) {
        expect((e as DomainError).code).toBe('WECHAT_DECRYPT_FAILED');
        refused++;
      }
    }
    expect(refused).toBeGreaterThanOrEqual(blocks - 1);
  });

  it('refuses truncated ciphertext and bad base64', () => {
    const data = Buffer.from(VECTOR.encryptedData, 'base64');
    failsWithDecrypt(() => decryptWechatData(data.subarray(0, data.length - 16).toString('base64'), VECTOR.iv, VECTOR.sessionKey, VECTOR.appId));
    failsWithDecrypt(() => decryptWechatData(data.subarray(0, data.length - 5).toString('base64'), VECTOR.iv, VECTOR.sessionKey, VECTOR.appId));
    failsWithDecrypt(() => decryptWechatData('not base64!!', VECTOR.iv, VECTOR.sessionKey, VECTOR.appId));
    failsWithDecrypt(() => decryptWechatData('', VECTOR.iv, VECTOR.sessionKey, VECTOR.appId));
    failsWithDecrypt(() => decryptWechatData(VECTOR.encryptedData, 'short', VECTOR.sessionKey, VECTOR.appId));
    failsWithDecrypt(() => decryptWechatData(VECTOR.encryptedData, VECTOR.iv, 'AAAA', VECTOR.appId));
    failsWithDecrypt(() => decryptWechatData(undefined as any, VECTOR.iv, VECTOR.sessionKey, VECTOR.appId));
  });

  it('refuses bad padding and non-JSON plaintext', () => {
    const key = randomBytes(16);
    const iv = randomBytes(16);
    // 16 bytes without padding: the last byte is not a valid PKCS#7 pad
    const noPad = encrypt('0123456789abcdeZ', key, iv, false);
    failsWithDecrypt(() => decryptWechatData(noPad, iv.toString('base64'), key.toString('base64'), VECTOR.appId));
    const notJson = encrypt('hello, not json', key, iv);
    failsWithDecrypt(() => decryptWechatData(notJson, iv.toString('base64'), key.toString('base64'), VECTOR.appId));
    const noWatermark = encrypt('{"openGId":"g1"}', key, iv);
    failsWithDecrypt(() => decryptWechatData(noWatermark, iv.toString('base64'), key.toString('base64'), VECTOR.appId));
    const good = encrypt(JSON.stringify({ openGId: 'g1', watermark: { appid: VECTOR.appId, timestamp: 1 } }), key, iv);
    expect(decryptWechatData(good, iv.toString('base64'), key.toString('base64'), VECTOR.appId)).toEqual({
      openGId: 'g1',
      watermark: { appid: VECTOR.appId, timestamp: 1 },
    });
  });
});

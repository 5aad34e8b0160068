import { DEFAULT_INDICATORS } from '@wuzha/shared';
import { addChinaMonths, awardSerial, awardState, evidenceIssues, isSelfReview, manualScoreIssues, roundScores } from './ff-application-rules';
import { awardCertificateSvg } from './ff-award-certificate';

describe('addChinaMonths', () => {
  it('keeps the China wall-clock time and day', () => {
    expect(addChinaMonths(new Date('2026-03-17T02:00:00Z'), 12).toISOString()).toBe('2027-03-17T02:00:00.000Z');
    expect(addChinaMonths(new Date('2026-11-05T09:30:00Z'), 3).toISOString()).toBe('2027-02-05T09:30:00.000Z');
  });

  it('uses the China day, not the UTC one (23:30 on the 31st in China is the 31st)', () => {
    // 2026-01-31 23:30 China = 2026-01-31T15:30Z; one month on: the last day of February, 23:30 China
    expect(addChinaMonths(new Date('2026-01-31T15:30:00Z'), 1).toISOString()).toBe('2026-02-28T15:30:00.000Z');
    // 2026-01-31 00:30 China = 2026-01-30T16:30Z
    expect(addChinaMonths(new Date('2026-01-30T16:30:00Z'), 1).toISOString()).toBe('2026-02-27T16:30:00.000Z');
  });

  it('clamps to the last day of shorter months, leap years included', () => {
    expect(addChinaMonths(new Date('2027-01-31T04:00:00Z'), 13).toISOString()).toBe('2028-02-29T04:00:00.000Z');
    expect(addChinaMonths(new Date('2026-08-31T04:00:00Z'), 1).toISOString()).toBe('2026-09-30T04:00:00.000Z');
  });
});

describe('awardState', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  it('derives expired from validUntil, except for revoked titles', () => {
    expect(awardState({ status: 'active', validUntil: '2026-06-01T00:00:01Z' }, now)).toBe('active');
    expect(awardState({ status: 'active', validUntil: '2026-06-01T00:00:00Z' }, now)).toBe('expired');
    expect(awardState({ status: 'review', validUntil: '2027-01-01T00:00:00Z' }, now)).toBe('review');
    expect(awardState({ status: 'review', validUntil: '2026-01-01T00:00:00Z' }, now)).toBe('expired');
    expect(awardState({ status: 'revoked', validUntil: '2026-01-01T00:00:00Z' }, now)).toBe('revoked');
  });
});

describe('manualScoreIssues', () => {
  const defs = DEFAULT_INDICATORS.community;
  it('accepts every manual indicator within 0…weight', () => {
    expect(manualScoreIssues(defs, { meetings: 0 })).toEqual([]);
    expect(manualScoreIssues(defs, { meetings: 10 })).toEqual([]);
    expect(manualScoreIssues(defs, { meetings: 7.5 })).toEqual([]);
  });

  it('names a missing, too high, negative or unknown score', () => {
    expect(manualScoreIssues(defs, {})).toEqual([{ path: 'body.manualScores.meetings', message: '请为「每季度召开反诈工作例会」打分（0～10分）' }]);
    expect(manualScoreIssues(defs, { meetings: 10.1 })[0].message).toBe('「每季度召开反诈工作例会」的打分要在0～10分之间，现在是10.1');
    expect(manualScoreIssues(defs, { meetings: -1 })).toHaveLength(1);
    expect(manualScoreIssues(defs, { meetings: Number.NaN })).toHaveLength(1);
    expect(manualScoreIssues(defs, { meetings: 5, awareness: 20 })).toEqual([{ path: 'body.manualScores.awareness', message: '这一项不是评审打分的指标' }]);
  });

  it('a program without manual indicators takes none', () => {
    const auto = defs.filter((d) => d.source !== 'manual');
    expect(manualScoreIssues(auto, {})).toEqual([]);
    expect(manualScoreIssues(auto, { meetings: 1 })).toHaveLength(1);
  });

  it('rounds kept scores to one decimal', () => {
    expect(roundScores({ a: 7.25, b: 3.04, c: 10 })).toEqual({ a: 7.3, b: 3, c: 10 });
  });
});

describe('isSelfReview', () => {
  const app = { applicantId: 7, nodePath: '/1/2/5/' };
  it('the applicant, or a role at the node or below it', () => {
    expect(isSelfReview(7, [{ path: '/1/2/' }], app)).toBe(true);
    expect(isSelfReview(8, [{ path: '/1/2/' }, { path: '/1/2/5/' }], app)).toBe(true);
    expect(isSelfReview(8, [{ path: '/1/2/' }, { path: '/1/2/5/9/' }], app)).toBe(true);
  });
  it('not a role above it or in a neighbour (/1/2/50/ is not under /1/2/5/)', () => {
    expect(isSelfReview(8, [{ path: '/1/2/' }, { path: '/1/' }], app)).toBe(false);
    expect(isSelfReview(8, [{ path: '/1/2/' }, { path: '/1/2/50/' }], app)).toBe(false);
  });
});

describe('evidenceIssues', () => {
  const defs = DEFAULT_INDICATORS.unit;
  it('each item names an indicator of the program once', () => {
    expect(evidenceIssues(defs, [{ indicatorKey: 'rules' }, { indicatorKey: 'activities' }])).toEqual([]);
    expect(evidenceIssues(defs, [{ indicatorKey: 'meetings' }])).toEqual([{ path: 'body.evidence.0.indicatorKey', message: '本次评比没有这项指标' }]);
    expect(evidenceIssues(defs, [{ indicatorKey: 'rules' }, { indicatorKey: 'rules' }])).toEqual([{ path: 'body.evidence.1.indicatorKey', message: '同一项指标的材料请放在一起' }]);
  });
});

describe('the award certificate', () => {
  const svg = awardCertificateSvg({
    title: '无诈社区（村）',
    orgName: '东山村<script>',
    townName: '和平镇',
    programTitle: '2026年度“无诈”创建 & 评比',
    awardedAt: new Date('2026-03-16T16:30:00Z'),
    validUntil: new Date('2027-03-16T16:30:00Z'),
    serial: awardSerial({ programId: 3, id: 12 }),
  });
  it('is A4 landscape with China dates, the serial, and every text escaped', () => {
    expect(svg).toMatch(/^<svg [^>]*width="297mm" height="210mm" viewBox="0 0 1123 794"/);
    expect(svg).toContain('东山村&lt;script&gt;');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('创建 &amp; 评比');
    expect(svg).toContain('2026年3月17日');
    expect(svg).toContain('有效期至 2027年3月17日');
    expect(svg).toContain('证书编号 FF0003-000012');
  });
});

// Signing pledges: the sign page, matching a student on the roster, the signing transaction with the
// campaign's hash chain, reminder consents, the caller's pledges, the signed pledge image and the
// public verification of a code.
//
// A submit is the hot path (hundreds a second when a school signs): the campaign's fixed rules are
// kept in memory for a moment, the PNG is decoded once, the file is written before the transaction
// (content-addressed: harmless if the transaction fails), and the transaction is short: lock the
// campaign row, insert the record, move the chain's head.
import { Inject, Injectable } from '@nestjs/common';
import {
  MatchRequest,
  MatchView,
  maskName,
  MyPledgesView,
  NodeKind,
  NodeRef,
  PledgeAudience,
  PledgeKind,
  SignatureView,
  SignerType,
  SignPageQuery,
  SignPageView,
  SignRequest,
  StudentRef,
  SubscribeRequest,
  normalizeName,
  normalizeStudentNo,
  SubscribeResponse,
  VerifyView,
  pledgeCampaignState,
  GuardianRelationship,
} from '@wuzha/shared';
import { DataSource, In, IsNull, MoreThan } from 'typeorm';
import { AuthContext } from '../../common/auth-context';
import { Clock } from '../../common/clock';
import { DataCipher } from '../../common/data-cipher';
import { DomainError } from '../../common/domain-error';
import { RateLimiter } from '../../common/rate-limiter';
import { dbTime, hydrate, isSqlite, rawQuery } from '../../common/raw-query';
import { UrlSigner } from '../../common/url-signer';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { FilesService } from '../files/files.service';
import { AccessScope, AccessService, Grant, subtreeWhere } from '../org/access.service';
import { toDbTime } from '../org/db-time';
import { OrgNode } from '../org/org-node.entity';
import { iso, nodeRef, nodesByIds } from '../org/views';
import { RosterEntry } from '../pledge-roster/roster-entry.entity';
import { RosterService } from '../pledge-roster/roster.service';
import { PledgeTemplateVersion } from '../pledge-template/pledge-template-version.entity';
import { PledgeTemplateService } from '../pledge-template/pledge-template.service';
import { townsOf } from '../quiz/quiz-audience';
import { User } from '../users/user.entity';
import { inScope, signerGrant, subjectKey } from './pledge-audience';
import { scopeRoots } from './pledge-campaign-rules';
import { PledgeCampaign } from './pledge-campaign.entity';
import { PledgeCampaignService } from './pledge-campaign.service';
import { pledgeImageSigner, pledgeImageSvg } from './pledge-image';
import { PledgePopulationService } from './pledge-population.service';
import { PledgeSignature } from './pledge-signature.entity';
import {
  contactUnits,
  guardianRequired,
  missing,
  normalizeCode,
  opensCampaign,
  signBlocker,
  studentSigner,
  StudentSigner,
} from './pledge-sign-rules';
import { NewSignature, PledgeChainWriter } from './pledge-sign-writer';
import { verifyProblems } from './pledge-verify';
import { parseSignaturePng } from './signature-png';
import { signaturePngSigner } from './signature-file.service';

// per user per minute
export const SIGN_RATE = { match: 10, subscribe: 10, submit: 30 } as const;
// reminder credits one person may hold per campaign and student (each accepted subscribe adds one)
export const MAX_REMIND_CREDITS = 5;
// a campaign's fixed rules are reused this long (status and deadline are re-checked in the transaction)
const RULES_TTL_MS = 2000;
const RULES_CACHE = 500;
// the caller's latest signatures on "my pledges"
const MINE_LIMIT = 100;

// What is signed for: a roster entry, the caller, or a unit; and where it counts.
interface Subject {
  key: string;
  node: { id: number; path: string };
  entry: RosterEntry | null;
  // the roster's name of the student (decrypted once)
  studentName: string | null;
  unitName: string | null;
  // the subject's signature in the campaign: its id, null when there is none
  signatureId: number | null;
}

interface Labels {
  title: string;
  kind: string;
  version: number;
}


@Injectable()
export class PledgeSignService {
  private readonly imageSigner: UrlSigner;
  private readonly signatureSigner: UrlSigner;
  private readonly rules = new Map<number, { c: PledgeCampaign; at: number }>();
  private readonly writer: PledgeChainWriter;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(DataCipher) private readonly cipher: DataCipher,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(PledgeCampaignService) private readonly campaigns: PledgeCampaignService,
    @Inject(PledgeTemplateService) private readonly templates: PledgeTemplateService,
    @Inject(RosterService) private readonly roster: RosterService,
    @Inject(PledgePopulationService) private readonly population: PledgePopulationService,
    @Inject(FilesService) private readonly files: FilesService,
  ) {
    this.imageSigner = pledgeImageSigner(config.dataKey);
    this.signatureSigner = signaturePngSigner(config.dataKey);
    this.writer = new PledgeChainWriter(ds, () => clock.now());
  }

  // ---- routes ---------------------------------------------------------------------------------------

  async page(ctx: AuthContext, id: number, query: SignPageQuery): Promise<SignPageView> {
    const c = await this.campaigns.forSigning(id);
    this.remember(c);
    const scope = await this.access.scope(ctx);
    const kindOf = await this.grantKinds(scope);
    if (!opensCampaign(scope, c)) throw new DomainError('NOT_FOUND');
    const audience = c.audience as PledgeAudience;
    const now = this.clock.now();
    const version = await this.templates.versionById(c.templateVersionId);
    const owner = await this.ds.manager.findOneBy(OrgNode, { id: c.ownerNodeId });
    const classes = audience === 'students' ? await this.classesOf(c) : [];
    const unitGrants = audience === 'units' ? contactUnits(scope, kindOf, c) : [];
    const units = unitGrants.length ? [...(await nodesByIds(this.ds.manager, unitGrants.map((g) => g.nodeId))).values()].map(nodeRef) : [];
    const mineRows = await this.mineIn(ctx, c, unitGrants.map((g) => subjectKey.unit(g.nodeId)));
    const mine = await this.views(mineRows, now);
    const signedKeys = new Set(mineRows.map((r) => r.subjectKey));
    let reason: string | null = signBlocker(c, now);
    if (!reason && (audience === 'residents' || audience === 'staff') && !signerGrant(scope.grants, kindOf, c)) reason = 'PLEDGE_NOT_IN_AUDIENCE';
    if (!reason && audience === 'units' && unitGrants.length === 0) reason = 'PLEDGE_NOT_IN_AUDIENCE';
    // signed already (mine shows it): a person once, a contact once per unit
    const done =
      ((audience === 'residents' || audience === 'staff') && signedKeys.has(subjectKey.person(ctx.userId))) ||
      (audience === 'units' && unitGrants.length > 0 && unitGrants.every((g) => signedKeys.has(subjectKey.unit(g.nodeId))));
    let classCounts: SignPageView['classCounts'] = null;
    if (query.classId && audience === 'students') {
      const cls = classes.find((k) => k.id === query.classId);
      const node = cls ? await this.ds.manager.findOneBy(OrgNode, { id: cls.id }) : null;
      if (cls && node) {
        const { summary } = await this.population.rollup(c, node.path);
        classCounts = { class: cls, signed: summary.signed, total: summary.total };
      }
    }
    return {
      campaign: {
        id: c.id,
        title: c.title,
        intro: c.intro,
        kind: c.kind as PledgeKind,
        audience,
        owner: nodeRef(owner ?? { id: c.ownerNodeId, name: '', kind: 'town' }),
        deadline: iso(c.deadline),
        state: pledgeCampaignState(c, now),
        guardianSigns: Boolean(c.guardianSigns),
      },
      text: { title: version.title, body: version.body, version: version.version, textHash: version.textHash },
      classes,
      units,
      mine,
      canSign: !reason && !done,
      // null with canSign false: already signed (mine holds it)
      reason,
      classCounts,
    };
  }

  // Finds the student a signer means (class + name + number); rate-limited against probing the roster.
  async match(ctx: AuthContext, id: number, body: MatchRequest): Promise<MatchView> {
    this.limiter.take(ctx.userId, 'pledge.match', SIGN_RATE.match);
    const c = await this.campaign(id);
    if (c.audience !== 'students') {
      if (!opensCampaign(await this.access.scope(ctx), c)) throw new DomainError('NOT_FOUND');
      throw missing('body.student', '这个签署活动不需要核对学生信息');
    }
    const entry = await this.roster.match(this.ds.manager, c, body.student);
    const cls = await this.ds.manager.findOneBy(OrgNode, { id: entry.classId });
    const existing = await this.bySubject(c.id, subjectKey.roster(entry.id));
    const now = this.clock.now();
    const name = this.roster.nameOf(entry);
    return {
      class: nodeRef(cls ?? { id: entry.classId, name: '', kind: 'class' }),
      studentMasked: maskName(name),
      guardianRequired: guardianRequired(c, entry, now),
      signed: existing !== null,
      mine: existing && existing.signerUserId === ctx.userId ? (await this.views([existing], now))[0] : null,
    };
  }

  async submit(ctx: AuthContext, id: number, body: SignRequest): Promise<SignatureView> {
    this.limiter.take(ctx.userId, 'pledge.submit', SIGN_RATE.submit);
    const c = await this.campaign(id);
    const now = this.clock.now();
    const subject = await this.subjectOf(ctx, c, body);
    // one signature per subject: a repeat (even after the deadline) answers the first
    const existing = subject.signatureId === null ? null : await this.bySubject(c.id, subject.key);
    if (existing) return this.repeated(ctx, existing, now);
    const open = await this.openCampaign(c, now);
    const version = await this.templates.versionById(open.templateVersionId);
    if (body.textHash !== version.textHash) throw new DomainError('PLEDGE_TEXT_CHANGED');
    if (!body.readToEnd) throw new DomainError('PLEDGE_NOT_READ');
    const signer = this.signerOf(c, subject, body, now);
    const png = await parseSignaturePng(body.signaturePng);
    const imageKey = `pledge/${c.id}/${png.sha256}.png`;
    await this.files.putBytes(imageKey, png.bytes);
    const signedAt = toDbTime(now);
    const row: NewSignature = {
      campaignId: c.id,
      subjectKey: subject.key,
      rosterEntryId: subject.entry?.id ?? null,
      nodeId: subject.node.id,
      nodePath: subject.node.path,
      signerUserId: ctx.userId,
      signerType: signer.signerType,
      signerNameEnc: this.cipher.encrypt(body.signerName),
      relationship: signer.relationship,
      guardianConsent: signer.guardianConsent,
      unitName: subject.unitName,
      signerTitle: c.audience === 'units' ? (body.signerTitle ?? null) : null,
      templateVersionId: open.templateVersionId,
      textHash: version.textHash,
      imageHash: png.sha256,
      imageKey,
      signedAt,
    };
    const stored = await this.writer.append(row, body.signerName);
    if ('repeat' in stored) return this.repeated(ctx, stored.repeat, now);
    const s = Object.assign(new PledgeSignature(), stored.row);
    return this.view(s, { title: stored.title, kind: c.kind, version: version.version }, { signerName: body.signerName, studentName: subject.studentName }, now, false);
  }

  // "Remind me before the deadline": one more reminder credit (the client asked WeChat's permission).
  async subscribe(ctx: AuthContext, id: number, body: SubscribeRequest): Promise<SubscribeResponse> {
    this.limiter.take(ctx.userId, 'pledge.subscribe', SIGN_RATE.subscribe);
    const c = await this.campaign(id);
    let rosterEntryId = 0;
    if (c.audience === 'students') {
      if (!body.student) throw missing('body.student', '请先填写要提醒的学生（班级、姓名和学号）');
      rosterEntryId = (await this.roster.match(this.ds.manager, c, body.student)).id;
    } else {
      const scope = await this.access.scope(ctx);
      const kindOf = await this.grantKinds(scope);
      if (!opensCampaign(scope, c)) throw new DomainError('NOT_FOUND');
      const asked = c.audience === 'units' ? contactUnits(scope, kindOf, c).length > 0 : signerGrant(scope.grants, kindOf, c) !== null;
      if (!asked) throw new DomainError('PLEDGE_NOT_IN_AUDIENCE');
    }
    const now = this.clock.now();
    await this.openCampaign(c, now);
    const at = dbTime(this.ds, toDbTime(now));
    const sqlite = isSqlite(this.ds);
    const bump = sqlite
      ? `ON CONFLICT(campaignId, userId, rosterEntryId) DO UPDATE SET credits = MIN(credits + 1, ${MAX_REMIND_CREDITS}), updatedAt = excluded.updatedAt`
      : `ON DUPLICATE KEY UPDATE credits = LEAST(credits + 1, ${MAX_REMIND_CREDITS}), updatedAt = VALUES(updatedAt)`;
    await rawQuery(
      this.ds,
      `INSERT INTO pledge_reminder (campaignId, userId, rosterEntryId, credits, lastSentAt, createdAt, updatedAt) VALUES (?, ?, ?, 1, NULL, ?, ?) ${bump}`,
      [c.id, ctx.userId, rosterEntryId, at, at],
    );
    const { rows } = await rawQuery<{ credits: number | string }>(this.ds, 'SELECT credits FROM pledge_reminder WHERE campaignId = ? AND userId = ? AND rosterEntryId = ?', [
      c.id,
      ctx.userId,
      rosterEntryId,
    ]);
    return { credits: Number(rows[0]?.credits ?? 0) };
  }

  // Open campaigns the caller is asked to sign and has not (as a resident or staff member, a unit's
  // contact, a guardian whose verified phone is on a roster, a student or parent of a class in scope),
  // and the caller's signatures.
  async mine(ctx: AuthContext): Promise<MyPledgesView> {
    const m = this.ds.manager;
    const now = this.clock.now();
    const scope = await this.access.scope(ctx);
    const kindOf = await this.grantKinds(scope);
    const user = await m.findOne(User, { where: { id: ctx.userId }, select: { id: true, phoneHash: true } });
    const children = user?.phoneHash ? await m.find(RosterEntry, { where: { guardianPhoneHash: user.phoneHash, removedAt: IsNull() } }) : [];
    const towns = await townsOf(m, [...scope.grants.map((g) => g.path), ...children.map((e) => e.classPath)]);
    const open = towns.length
      ? await m.find(PledgeCampaign, { where: { townId: In(towns), status: 'published', deadline: MoreThan(toDbTime(now)) }, order: { deadline: 'ASC', id: 'ASC' } })
      : [];
    const signed = await m.find(PledgeSignature, { where: { signerUserId: ctx.userId }, order: { signedAt: 'DESC', id: 'DESC' }, take: MINE_LIMIT });
    const signedIn = new Set(signed.map((s) => s.campaignId));
    // subjects the caller is asked to sign, per campaign (null: the campaign is shown to open)
    const asked: Array<{ c: PledgeCampaign; key: string | null; forStudent: string | null }> = [];
    for (const c of open) {
      const audience = c.audience as PledgeAudience;
      if (audience === 'residents' || audience === 'staff') {
        if (signerGrant(scope.grants, kindOf, c)) asked.push({ c, key: subjectKey.person(ctx.userId), forStudent: null });
      } else if (audience === 'units') {
        for (const g of contactUnits(scope, kindOf, c)) asked.push({ c, key: subjectKey.unit(g.nodeId), forStudent: null });
      } else {
        const mineHere = children.filter((e) => inScope(c, e.classPath));
        for (const e of mineHere) asked.push({ c, key: subjectKey.roster(e.id), forStudent: `为 ${maskName(this.roster.nameOf(e))} 签署` });
        const classRole = scope.grants.some((g) => (g.role === 'student' || g.role === 'parent') && inScope(c, g.path));
        if (mineHere.length === 0 && classRole && !signedIn.has(c.id)) asked.push({ c, key: null, forStudent: null });
      }
    }
    const keys = asked.filter((a) => a.key !== null);
    const done = new Set<string>();
    if (keys.length) {
      const rows = await m.find(PledgeSignature, {
        where: { campaignId: In([...new Set(keys.map((a) => a.c.id))]), subjectKey: In([...new Set(keys.map((a) => a.key!))]) },
        select: { campaignId: true, subjectKey: true },
      });
      for (const r of rows) done.add(`${r.campaignId}|${r.subjectKey}`);
    }
    const todo = asked.filter((a) => a.key === null || !done.has(`${a.c.id}|${a.key}`));
    // a unit contact with several units unsigned sees the campaign once
    const seen = new Set<string>();
    const items = todo.filter((a) => {
      const k = `${a.c.id}|${a.forStudent ?? ''}`;
      return !seen.has(k) && seen.add(k);
    });
    const owners = await nodesByIds(m, items.map((a) => a.c.ownerNodeId));
    return {
      toSign: items.map(({ c, forStudent }) => ({
        campaignId: c.id,
        title: c.title,
        kind: c.kind as PledgeKind,
        audience: c.audience as PledgeAudience,
        owner: nodeRef(owners.get(c.ownerNodeId) ?? { id: c.ownerNodeId, name: '', kind: 'town' }),
        deadline: iso(c.deadline),
        forStudent,
      })),
      signed: await this.views(signed, now),
    };
  }

  // One of the caller's own signatures; anyone else's is NOT_FOUND.
  async get(ctx: AuthContext, id: number): Promise<SignatureView> {
    const s = await this.ds.manager.findOneBy(PledgeSignature, { id });
    if (!s || s.signerUserId !== ctx.userId) throw new DomainError('NOT_FOUND');
    return (await this.views([s], this.clock.now()))[0];
  }

  // The pledge image behind a signed link; a bad or expired link is NOT_FOUND.
  async image(id: number, exp: number, sig: string): Promise<Buffer> {
    if (!this.imageSigner.verify(id, exp, sig, this.clock.now())) throw new DomainError('NOT_FOUND');
    const s = await this.ds.manager.findOneBy(PledgeSignature, { id });
    if (!s) throw new DomainError('NOT_FOUND');
    return this.renderImage(s);
  }

  // The signed pledge as SVG bytes (the image route, the zip of a class's pledges).
  async renderImage(s: PledgeSignature): Promise<Buffer> {
    const m = this.ds.manager;
    const c = await m.findOneByOrFail(PledgeCampaign, { id: s.campaignId });
    const [version, owner, png, entry, cls] = await Promise.all([
      this.templates.versionById(s.templateVersionId),
      m.findOneBy(OrgNode, { id: c.ownerNodeId }),
      this.files.getBytes(s.imageKey),
      s.rosterEntryId ? m.findOneBy(RosterEntry, { id: s.rosterEntryId }) : null,
      s.rosterEntryId ? m.findOneBy(OrgNode, { id: s.nodeId }) : null,
    ]);
    const image = png ?? Buffer.alloc(0);
    const svg = pledgeImageSvg({
      title: version.title,
      body: version.body,
      ownerName: owner?.name ?? '',
      signerType: s.signerType as SignerType,
      signerName: this.nameOr(s.signerNameEnc),
      studentMasked: entry ? maskName(this.roster.nameOf(entry)) : null,
      className: cls?.name ?? null,
      relationship: s.relationship,
      unitName: s.unitName,
      signerTitle: s.signerTitle,
      signedAt: new Date(s.signedAt),
      code: s.code,
      templateVersion: version.version,
      signaturePng: image,
      signatureSize: image.length >= 24 ? { width: image.readUInt32BE(16), height: image.readUInt32BE(20) } : { width: 2, height: 1 },
    });
    return Buffer.from(svg, 'utf8');
  }

  // Public: does the record behind a code still hold? Masked names only.
  async verify(code: string): Promise<VerifyView> {
    const m = this.ds.manager;
    const s = await m.findOneBy(PledgeSignature, { code: normalizeCode(code) });
    if (!s) throw new DomainError('NOT_FOUND', '没有找到这个核验码，请核对后重新输入');
    const c = await m.findOneByOrFail(PledgeCampaign, { id: s.campaignId });
    const [prev, next, owner, image, version] = await Promise.all([
      s.seq > 1 ? m.findOne(PledgeSignature, { where: { campaignId: s.campaignId, seq: s.seq - 1 }, select: { id: true, recordHash: true } }) : null,
      m.findOne(PledgeSignature, { where: { campaignId: s.campaignId, seq: s.seq + 1 }, select: { id: true, prevHash: true } }),
      m.findOneBy(OrgNode, { id: c.ownerNodeId }),
      this.files.getBytes(s.imageKey),
      // as stored now, not a cached copy: an altered text must show
      m.findOneBy(PledgeTemplateVersion, { id: s.templateVersionId }),
    ]);
    const problems = verifyProblems({
      rec: s,
      nameOf: (r) => this.cipher.decrypt(r.signerNameEnc),
      prev,
      next,
      head: { chainSeq: c.chainSeq, chainHead: c.chainHead },
      image,
      version,
    });
    return {
      valid: problems.length === 0,
      problems,
      code: s.code,
      campaignTitle: c.title,
      kind: c.kind as PledgeKind,
      owner: owner?.name ?? '',
      signerMasked: maskName(this.nameOr(s.signerNameEnc)),
      signerType: s.signerType as SignerType,
      unitName: s.unitName,
      signedAt: iso(s.signedAt),
      templateVersion: version?.version ?? 0,
      textHash: s.textHash,
      seq: s.seq,
    };
  }

  // ---- signing internals ----------------------------------------------------------------------------

  // A published or closed campaign (drafts and unknown ids: 404); its rules are reused for a moment.
  private async campaign(id: number): Promise<PledgeCampaign> {
    const hit = this.rules.get(id);
    if (hit && this.clock.now().getTime() - hit.at < RULES_TTL_MS && hit.at <= this.clock.now().getTime()) return hit.c;
    const c = await this.campaigns.forSigning(id);
    this.remember(c);
    return c;
  }

  private remember(c: PledgeCampaign): void {
    if (this.rules.size >= RULES_CACHE) this.rules.delete(this.rules.keys().next().value!);
    this.rules.set(c.id, { c, at: this.clock.now().getTime() });
  }

  // The campaign when it is open now. A remembered copy that looks ended is read again (its deadline
  // may have been extended); the transaction checks the locked row in any case.
  private async openCampaign(c: PledgeCampaign, now: Date): Promise<PledgeCampaign> {
    if (!signBlocker(c, now)) return c;
    const fresh = await this.campaigns.forSigning(c.id);
    this.remember(fresh);
    const blocked = signBlocker(fresh, now);
    if (blocked) throw new DomainError(blocked);
    return fresh;
  }

  // What the caller signs for, checked against the audience: a student on the roster, themself, or a
  // unit they are the contact of.
  private async subjectOf(ctx: AuthContext, c: PledgeCampaign, body: SignRequest): Promise<Subject> {
    const audience = c.audience as PledgeAudience;
    if (audience === 'students') {
      if (!body.student) throw missing('body.student', '请填写学生的班级、姓名和学号');
      const { entry, signatureId } = await this.rosterSubject(c, body.student);
      return { key: subjectKey.roster(entry.id), node: { id: entry.classId, path: entry.classPath }, entry, studentName: this.roster.nameOf(entry), unitName: null, signatureId };
    }
    const scope = await this.access.scope(ctx);
    const kindOf = await this.grantKinds(scope);
    if (!opensCampaign(scope, c)) throw new DomainError('NOT_FOUND');
    if (audience === 'units') {
      if (!body.unitId) throw missing('body.unitId', '请选择代表哪个单位签署');
      if (!body.signerTitle) throw missing('body.signerTitle', '请填写您在单位的职务，例如“总经理”');
      const unit = contactUnits(scope, kindOf, c).find((g) => g.nodeId === body.unitId);
      if (!unit) throw new DomainError('PLEDGE_NOT_IN_AUDIENCE');
      const node = await this.ds.manager.findOneByOrFail(OrgNode, { id: unit.nodeId });
      const key = subjectKey.unit(unit.nodeId);
      return { key, node: { id: unit.nodeId, path: unit.path }, entry: null, studentName: null, unitName: node.name, signatureId: await this.idBySubject(c.id, key) };
    }
    const grant = signerGrant(scope.grants, kindOf, c);
    if (!grant) throw new DomainError('PLEDGE_NOT_IN_AUDIENCE');
    const key = subjectKey.person(ctx.userId);
    return { key, node: { id: grant.nodeId, path: grant.path }, entry: null, studentName: null, unitName: null, signatureId: await this.idBySubject(c.id, key) };
  }

  private signerOf(c: PledgeCampaign, subject: Subject, body: SignRequest, now: Date): StudentSigner {
    if (subject.entry) return studentSigner(body, subject.studentName ?? '', guardianRequired(c, subject.entry, now));
    return { signerType: c.audience === 'units' ? 'unit' : 'self', relationship: null, guardianConsent: false };
  }

  private bySubject(campaignId: number, key: string): Promise<PledgeSignature | null> {
    return this.ds.manager.findOneBy(PledgeSignature, { campaignId, subjectKey: key });
  }

  private async idBySubject(campaignId: number, key: string): Promise<number | null> {
    const { rows } = await rawQuery<{ id: number }>(this.ds, 'SELECT id FROM pledge_signature WHERE campaignId = ? AND subjectKey = ?', [campaignId, key]);
    return rows[0] ? Number(rows[0].id) : null;
  }

  // The live roster entry a student reference names, with the id of its signature in the campaign, in
  // one plain statement (a submit's hot read; two TypeORM lookups cost more than the statement).
  // RosterService.match's rules: that class and number, in the campaign's scope, the same name
  // (normalized); anything else the same PLEDGE_NOT_ON_ROSTER, so the roster cannot be probed by field.
  private async rosterSubject(c: PledgeCampaign, ref: StudentRef): Promise<{ entry: RosterEntry; signatureId: number | null }> {
    const { rows } = await rawQuery<Record<string, unknown>>(
      this.ds,
      'SELECT e.*, s.id AS signatureId FROM pledge_roster_entry e LEFT JOIN pledge_signature s ON s.campaignId = ? AND s.rosterEntryId = e.id WHERE e.classId = ? AND e.studentNo = ? AND e.removedAt IS NULL',
      [c.id, ref.classId, normalizeStudentNo(ref.studentNo)],
    );
    const entry = rows[0] ? hydrate(this.ds, RosterEntry, rows[0]) : null;
    if (!entry || !inScope(c, entry.classPath) || normalizeName(this.roster.nameOf(entry)) !== normalizeName(ref.name)) throw new DomainError('PLEDGE_NOT_ON_ROSTER');
    return { entry, signatureId: rows[0].signatureId == null ? null : Number(rows[0].signatureId) };
  }

  // A repeat answers the first signature. To anyone but its signer (another parent, a classmate who
  // knows the student number) the signer's name is masked and no image link is given.
  private async repeated(ctx: AuthContext, s: PledgeSignature, now: Date): Promise<SignatureView> {
    const [v] = await this.views([s], now, true);
    if (s.signerUserId === ctx.userId) return v;
    return { ...v, signerName: maskName(v.signerName), imageUrl: '', signatureUrl: '' };
  }

  // ---- views ------------------------------------------------------------------------------------------

  // Signature views with what they need loaded in batches (campaign titles, text versions, students).
  private async views(list: PledgeSignature[], now: Date, repeated = false): Promise<SignatureView[]> {
    if (list.length === 0) return [];
    const m = this.ds.manager;
    const campaignIds = [...new Set(list.map((s) => s.campaignId))];
    const entryIds = [...new Set(list.map((s) => s.rosterEntryId).filter((x): x is number => x !== null))];
    const [campaigns, versions, entries] = await Promise.all([
      m.find(PledgeCampaign, { where: { id: In(campaignIds) }, select: { id: true, title: true, kind: true } }),
      this.templates.versionsByIds(list.map((s) => s.templateVersionId), m),
      entryIds.length ? m.find(RosterEntry, { where: { id: In(entryIds) }, select: { id: true, nameEnc: true } }) : [],
    ]);
    const byId = new Map(campaigns.map((c) => [c.id, c]));
    const names = new Map(entries.map((e) => [e.id, this.roster.nameOf(e)]));
    return list.map((s) => {
      const c = byId.get(s.campaignId);
      const labels = { title: c?.title ?? '', kind: c?.kind ?? 'student', version: versions.get(s.templateVersionId)?.version ?? 0 };
      const studentName = s.rosterEntryId !== null ? (names.get(s.rosterEntryId) ?? null) : null;
      return this.view(s, labels, { signerName: this.nameOr(s.signerNameEnc), studentName }, now, repeated);
    });
  }

  private view(s: PledgeSignature, labels: Labels, names: { signerName: string; studentName: string | null }, now: Date, repeated: boolean): SignatureView {
    return {
      id: s.id,
      campaignId: s.campaignId,
      campaignTitle: labels.title,
      kind: labels.kind as PledgeKind,
      signerType: s.signerType as SignerType,
      signerName: names.signerName,
      studentMasked: names.studentName !== null ? maskName(names.studentName) : null,
      relationship: (s.relationship as GuardianRelationship | null) ?? null,
      unitName: s.unitName,
      signerTitle: s.signerTitle,
      templateVersion: labels.version,
      textHash: s.textHash,
      imageHash: s.imageHash,
      code: s.code,
      signedAt: iso(s.signedAt),
      imageUrl: this.imageSigner.url(s.id, now),
      signatureUrl: this.signatureSigner.url(s.id, now),
      repeated,
    };
  }

  // The caller's signatures in a campaign: their own, and those of the units they are the contact of.
  private mineIn(ctx: AuthContext, c: PledgeCampaign, unitKeys: string[]): Promise<PledgeSignature[]> {
    const where: Array<Record<string, unknown>> = [{ campaignId: c.id, signerUserId: ctx.userId }];
    if (unitKeys.length) where.push({ campaignId: c.id, subjectKey: In(unitKeys) });
    return this.ds.manager.find(PledgeSignature, { where, order: { signedAt: 'DESC', id: 'DESC' }, take: MINE_LIMIT });
  }

  // A decrypted signer name, or '' when the stored value no longer decrypts (shown as altered by verify).
  private nameOr(enc: string): string {
    try {
      return this.cipher.decrypt(enc);
    } catch {
      return '';
    }
  }

  // The node kinds of the caller's grants (audience rules depend on them).
  private async grantKinds(scope: AccessScope): Promise<(nodeId: number) => NodeKind | undefined> {
    const nodes = scope.grants.length ? await nodesByIds(this.ds.manager, scope.grants.map((g: Grant) => g.nodeId)) : new Map<number, OrgNode>();
    return (nodeId) => nodes.get(nodeId)?.kind as NodeKind | undefined;
  }

  // The classes of a students campaign's scope, in the order they were made (grade by grade).
  private async classesOf(c: PledgeCampaign): Promise<NodeRef[]> {
    const w = subtreeWhere('n.path', scopeRoots(c), 'cl');
    const rows = await this.ds.manager.getRepository(OrgNode).createQueryBuilder('n').where(w.sql, w.params).andWhere('n.kind = :kind', { kind: 'class' }).orderBy('n.id', 'ASC').getMany();
    return rows.map(nodeRef);
  }
}

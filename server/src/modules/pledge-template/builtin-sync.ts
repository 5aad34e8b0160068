import { PledgeKind } from '@wuzha/shared';
import { EntityManager, In } from 'typeorm';
import { BUILTIN_TEXTS, BuiltinText } from './builtin-texts';
import { normalizeBody, pledgeTextHash } from './pledge-text';
import { PledgeTemplateVersion } from './pledge-template-version.entity';
import { PledgeTemplate } from './pledge-template.entity';
import { reviseTemplate } from './template-store';

export const BUILTIN_TOWN = 0;

// Makes the built-in templates (townId 0) equal the shipped texts, by code: missing → created; text
// changed → the versioning rule (a locked version stays, a new one becomes current; an unlocked one is
// edited in place). Nothing to do → reads only. Returns the current version of each kind.
// Run it in a transaction when it may write (PledgeTemplateService does, at boot).
export async function ensureBuiltinTemplates(m: EntityManager, now: Date, shipped: readonly BuiltinText[] = BUILTIN_TEXTS): Promise<Map<PledgeKind, PledgeTemplateVersion>> {
  const templates = await m.find(PledgeTemplate, { where: { townId: BUILTIN_TOWN, code: In(shipped.map((s) => s.code)) } });
  const byCode = new Map(templates.map((t) => [t.code!, t]));
  const versions = new Map((await m.find(PledgeTemplateVersion, { where: { id: In([0, ...templates.map((t) => t.currentVersionId)]) } })).map((v) => [v.id, v]));
  const out = new Map<PledgeKind, PledgeTemplateVersion>();
  for (const text of shipped) {
    const body = normalizeBody(text.body);
    const template = byCode.get(text.code);
    if (!template) {
      out.set(text.kind, await insertTemplate(m, { townId: BUILTIN_TOWN, code: text.code, kind: text.kind, title: text.title, body }, null, now));
      continue;
    }
    const current = versions.get(template.currentVersionId);
    if (!current) throw new Error(`built-in pledge template ${text.code} has no current version`);
    out.set(text.kind, await reviseTemplate(m, template, current, { title: text.title, body }, null, now));
  }
  return out;
}

// A template with its first version (current).
export async function insertTemplate(
  m: EntityManager,
  t: { townId: number; code: string | null; kind: PledgeKind; title: string; body: string },
  by: number | null,
  now: Date,
): Promise<PledgeTemplateVersion> {
  const template = m.create(PledgeTemplate, { townId: t.townId, code: t.code, kind: t.kind, currentVersionId: 0, version: 1, createdBy: by, createdAt: now, updatedAt: now });
  await m.insert(PledgeTemplate, template);
  const version = m.create(PledgeTemplateVersion, {
    templateId: template.id,
    version: 1,
    title: t.title,
    body: t.body,
    textHash: pledgeTextHash(t.title, t.body),
    locked: false,
    createdBy: by,
    createdAt: now,
  });
  await m.insert(PledgeTemplateVersion, version);
  await m.update(PledgeTemplate, { id: template.id }, { currentVersionId: version.id });
  return version;
}

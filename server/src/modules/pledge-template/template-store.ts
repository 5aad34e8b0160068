import { EntityManager } from 'typeorm';
import { pledgeTextHash } from './pledge-text';
import { PledgeTemplateVersion } from './pledge-template-version.entity';
import { PledgeTemplate } from './pledge-template.entity';

// The versioning rule of pledge texts, shared by town edits and the built-in sync. Same text: nothing.
// The current version not used by a published campaign: edited in place (the UPDATE re-checks
// `locked`, so a publish that locked it meanwhile keeps its words). Otherwise version + 1 becomes
// current. Returns the current version afterwards; `template` is updated to match.
export async function reviseTemplate(
  m: EntityManager,
  template: PledgeTemplate,
  current: PledgeTemplateVersion,
  text: { title: string; body: string },
  by: number | null,
  now: Date,
): Promise<PledgeTemplateVersion> {
  if (current.title === text.title && current.body === text.body) return current;
  const textHash = pledgeTextHash(text.title, text.body);
  if (!current.locked) {
    const res = await m
      .createQueryBuilder()
      .update(PledgeTemplateVersion)
      .set({ title: text.title, body: text.body, textHash })
      .where('id = :id AND locked = :no', { id: current.id, no: false })
      .execute();
    if ((res.affected ?? 0) > 0) {
      await m.update(PledgeTemplate, { id: template.id }, { updatedAt: now });
      template.updatedAt = now;
      return Object.assign(current, text, { textHash });
    }
  }
  const next = m.create(PledgeTemplateVersion, { templateId: template.id, version: template.version + 1, ...text, textHash, locked: false, createdBy: by, createdAt: now });
  await m.insert(PledgeTemplateVersion, next);
  await m.update(PledgeTemplate, { id: template.id }, { currentVersionId: next.id, version: next.version, updatedAt: now });
  Object.assign(template, { currentVersionId: next.id, version: next.version, updatedAt: now });
  return next;
}

// Locks the template's row for the rest of the transaction (MySQL; SQLite serialises transactions).
export async function lockTemplateRow(m: EntityManager, id: number): Promise<PledgeTemplate | null> {
  await m.query('UPDATE pledge_template SET version = version WHERE id = ?', [id]);
  return m.findOneBy(PledgeTemplate, { id });
}

import {
  BodyBlockInput,
  BodyBlockView,
  BulletinCategory,
  BulletinStatus,
  BulletinSummary,
  FraudType,
  maskName,
  Urgency,
} from '@wuzha/shared';
import { iso } from '../org/views';
import { Bulletin } from './bulletin.entity';

// Entity → response mapping of bulletins (also used by the tasks module for its inbox).

const isoOrNull = (d: Date | string | null) => (d ? iso(d) : null);

// Author names are shown in full to the town's admins and masked to everyone else.
export function bulletinSummary(b: Bulletin, names: Map<number, string>, fullNames: boolean): BulletinSummary {
  const author = names.get(b.authorId) ?? '';
  return {
    id: b.id,
    townId: b.townId,
    title: b.title,
    summary: b.summary,
    category: b.category as BulletinCategory,
    fraudTypes: (b.fraudTypes ?? []) as FraudType[],
    urgency: b.urgency as Urgency,
    status: b.status as BulletinStatus,
    authorName: fullNames ? author : maskName(author),
    createdAt: iso(b.createdAt),
    publishAt: isoOrNull(b.publishAt),
    publishedAt: isoOrNull(b.publishedAt),
    forwardDeadline: isoOrNull(b.forwardDeadline),
  };
}

export function bodyBlocks(b: Bulletin): BodyBlockInput[] {
  return Array.isArray(b.body) ? (b.body as BodyBlockInput[]) : [];
}

// Image blocks carry file ids in storage and signed URLs in responses.
export function bodyView(blocks: BodyBlockInput[], signedUrl: (fileId: number) => string): BodyBlockView[] {
  return blocks.map((block) =>
    block.type === 'paragraph'
      ? { type: 'paragraph', runs: block.runs.map((r) => ({ text: r.text, ...(r.bold ? { bold: true } : {}), ...(r.highlight ? { highlight: true } : {}) })) }
      : { type: 'image', fileId: block.fileId, url: signedUrl(block.fileId), ...(block.caption ? { caption: block.caption } : {}) },
  );
}

// The body's text, paragraphs on their own lines (content check, default summary).
export function bodyText(blocks: BodyBlockInput[]): string {
  return blocks
    .filter((b): b is Extract<BodyBlockInput, { type: 'paragraph' }> => b.type === 'paragraph')
    .map((p) => p.runs.map((r) => r.text).join(''))
    .join('\n');
}

export const SUMMARY_CHARS = 60;

// The first ~60 characters of the text on one line; the title when the body has no text.
export function defaultSummary(blocks: BodyBlockInput[], title: string): string {
  const text = bodyText(blocks).replace(/\s+/g, ' ').trim();
  if (!text) return title;
  const chars = Array.from(text);
  return chars.length <= SUMMARY_CHARS ? text : `${chars.slice(0, SUMMARY_CHARS).join('')}…`;
}

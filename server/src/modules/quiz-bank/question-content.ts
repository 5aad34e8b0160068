import { AudienceTag, FraudType, QuestionInput, QuestionStatus, QuestionType, QuestionView } from '@wuzha/shared';
import type { Question } from './question.entity';
import type { QuestionVersion } from './question-version.entity';

// What a version holds, normalised: answers ascending (a set), no source → null.
export interface QuestionContent {
  type: QuestionType;
  stem: string;
  options: string[];
  answer: number[];
  explanation: string;
  fraudTypes: FraudType[];
  audiences: AudienceTag[];
  difficulty: number;
  source: string | null;
}

export function contentOf(input: QuestionInput): QuestionContent {
  return {
    type: input.type,
    stem: input.stem,
    options: [...input.options],
    answer: [...input.answer].sort((a, b) => a - b),
    explanation: input.explanation,
    fraudTypes: [...input.fraudTypes],
    audiences: [...(input.audiences ?? [])],
    difficulty: input.difficulty,
    source: input.source ? input.source : null,
  };
}

export function versionContent(v: QuestionVersion): QuestionContent {
  return {
    type: v.type as QuestionType,
    stem: v.stem,
    options: v.options ?? [],
    answer: v.answer ?? [],
    explanation: v.explanation,
    fraudTypes: (v.fraudTypes ?? []) as FraudType[],
    audiences: (v.audiences ?? []) as AudienceTag[],
    difficulty: v.difficulty,
    source: v.source ?? null,
  };
}

// Field by field in a fixed order, so key order never makes two equal contents differ.
export function sameContent(a: QuestionContent, b: QuestionContent): boolean {
  const key = (c: QuestionContent) => JSON.stringify([c.type, c.stem, c.options, c.answer, c.explanation, c.fraudTypes, c.audiences, c.difficulty, c.source]);
  return key(a) === key(b);
}

// The draw keys copied onto `question` (LIKE '%,x,%' finds a tag).
export function drawKeys(c: QuestionContent): Pick<Question, 'type' | 'difficulty' | 'tagKey' | 'audienceKey'> {
  return {
    type: c.type,
    difficulty: c.difficulty,
    tagKey: `,${c.fraudTypes.join(',')},`,
    audienceKey: c.audiences.length ? `,${c.audiences.join(',')},` : ',',
  };
}

export const tagPattern = (tag: string) => `%,${tag},%`;

export function questionView(q: Question, v: QuestionVersion): QuestionView {
  return {
    id: q.id,
    code: q.code,
    builtin: q.townId === 0,
    townId: q.townId === 0 ? null : q.townId,
    status: q.status as QuestionStatus,
    version: v.version,
    versionId: v.id,
    ...versionContent(v),
    difficulty: v.difficulty as 1 | 2 | 3,
    updatedAt: new Date(q.updatedAt).toISOString(),
  };
}

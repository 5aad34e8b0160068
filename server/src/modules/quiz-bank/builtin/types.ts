import type { z } from 'zod';
import type { QuestionInput } from '@wuzha/shared';

// A question of the built-in bank: its stable code (SYS-A001…) and content in the QuestionInput shape.
export type BuiltinQuestion = { code: string } & z.input<typeof QuestionInput>;

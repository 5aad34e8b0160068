import { QUESTIONS_A } from './questions-a';
import { QUESTIONS_B } from './questions-b';
import type { BuiltinQuestion } from './types';

// The built-in bank, written for this product (original wording; law articles cited by number).
export const BUILTIN_QUESTIONS: readonly BuiltinQuestion[] = [...QUESTIONS_A, ...QUESTIONS_B];
export type { BuiltinQuestion } from './types';

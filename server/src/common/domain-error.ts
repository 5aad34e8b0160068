import { ErrorCode, errorMessage, errorStatus } from '@wuzha/shared';

export interface FieldIssue {
  path: string;
  message: string;
}

// The only error type services throw for expected failures; the global filter maps it to HTTP.
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly fields?: FieldIssue[],
  ) {
    super(message ?? errorMessage(code));
  }

  get status(): number {
    return errorStatus(this.code);
  }
}

export const notFound = (message?: string) => new DomainError('NOT_FOUND', message);

// Thrown by a handler when retrying can never help (bad payload, recipient gone): the message is
// dropped at once instead of being retried.
export class PermanentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentError';
  }
}

/**
 * Errors the CLI maps to exit code 2 (bad input) rather than 1 (verification failed): a key file that
 * is missing, unreadable or not a P-256 key is an operator mistake, not evidence of tampering.
 */
export class SigningInputError extends Error {
  /** The file (or, for in-memory keys, a label) the problem is about, so messages can name it. */
  readonly file: string;

  /** Creates an input error naming the offending file. */
  constructor(message: string, file: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SigningInputError';
    this.file = file;
  }
}

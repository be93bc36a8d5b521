/** Bad input or usage: names the file, line and field. The CLI exits 2. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    message: string,
    readonly where: { file?: string; line?: number; field?: string } = {},
  ) {
    super(message);
  }

  /** "file:line: field: message", leaving out what is unknown. */
  describe(): string {
    const loc = [this.where.file, this.where.line].filter((x) => x !== undefined).join(':');
    const field = this.where.field ? `${this.where.field}: ` : '';
    return `${loc ? `${loc}: ` : ''}${field}${this.message}`;
  }
}

/**
 * A provider refused a replay's request because of the target's configuration (a 4xx other than 408/409/429): bad
 * input, not an infra error. The replay stops at once; the CLI exits 2 with the provider's (scrubbed) message.
 */
export class EndpointRefusedError extends InputError {
  override name = 'EndpointRefusedError';
  constructor(
    message: string,
    readonly runId: string,
    readonly status: number | null,
    where: { file?: string; field?: string } = {},
  ) {
    super(message, where);
  }
}

/** The provider, network or database failed, not the input. The CLI exits 4. */
export class InfraError extends Error {
  override name = 'InfraError';
}

/** Something asked for does not exist (a run id, a file). */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** An engine could not be opened or reached: what failed and what to do about it. */
export class EngineError extends Error {
  constructor(
    message: string,
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

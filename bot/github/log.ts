/** The logger the app's pieces write to: Probot's (pino) in the app, anything with these four levels elsewhere. */
export interface Log {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

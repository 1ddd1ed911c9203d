import { LoggerService, LogLevel } from '@nestjs/common';
import { currentContext } from './request-context';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Structured one-line JSON logs carrying the correlation id.
 * Callers pass ids and codes only: never profile free text or personal data.
 */
export class JsonLogger implements LoggerService {
  private threshold: number;

  constructor(
    level: LogLevel = 'log',
    private readonly service = 'api',
    private readonly write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {
    this.threshold = LEVELS.indexOf(level);
  }

  setLogLevels(levels: LogLevel[]): void {
    this.threshold = Math.max(...levels.map((l) => LEVELS.indexOf(l)));
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('verbose', message, rest);
  }

  private emit(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (LEVELS.indexOf(level) > this.threshold) return;
    const params = [...rest];
    // Nest passes the logger context (class name) as the last string argument.
    const context = typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    const entry: Record<string, unknown> = {};
    if (message instanceof Error) {
      entry.msg = message.message;
      entry.err = { name: message.name, stack: message.stack };
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(entry, message);
    } else {
      entry.msg = String(message);
    }
    for (const extra of params) {
      if (typeof extra === 'string' && level === 'error') entry.stack = extra;
      else if (extra instanceof Error) entry.err = { name: extra.name, message: extra.message, stack: extra.stack };
      else if (typeof extra === 'object' && extra !== null) Object.assign(entry, extra);
    }
    // Set last, so a caller's fields can never disguise the level or the correlation id.
    Object.assign(entry, { time: new Date().toISOString(), level, service: this.service, context, correlationId: currentContext()?.correlationId });
    let line: string;
    try {
      line = JSON.stringify(entry);
    } catch {
      line = JSON.stringify({ time: entry.time, level, service: this.service, context, correlationId: entry.correlationId, msg: 'unserialisable log entry' });
    }
    this.write(line);
  }
}

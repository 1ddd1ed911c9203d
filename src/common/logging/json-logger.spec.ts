import { JsonLogger } from './json-logger';
import { runWithContext } from './request-context';

function capture(level?: ConstructorParameters<typeof JsonLogger>[0], service?: string) {
  const lines: string[] = [];
  const logger = new JsonLogger(level, service, (line) => lines.push(line));
  const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, entries };
}

describe('JsonLogger', () => {
  it('writes one JSON line per call with time, level, service, message and context', () => {
    const { logger, lines, entries } = capture();
    logger.log('Application started', 'Bootstrap');
    logger.warn('Slow query', 'Database');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toContain('\n');
    const [first, second] = entries();
    expect(first).toMatchObject({ level: 'log', service: 'api', msg: 'Application started', context: 'Bootstrap' });
    expect(second).toMatchObject({ level: 'warn', msg: 'Slow query', context: 'Database' });
    expect(new Date(first.time as string).toISOString()).toBe(first.time);
  });

  it('keeps a multi-line message on one line', () => {
    const { logger, lines, entries } = capture();
    logger.log('line one\nline two');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(entries()[0].msg).toBe('line one\nline two');
  });

  it('uses the given service name', () => {
    const { logger, entries } = capture('log', 'worker');
    logger.log('tick');
    expect(entries()[0].service).toBe('worker');
  });

  it('has no context when none is given', () => {
    const { logger, entries } = capture();
    logger.log('plain');
    expect(entries()[0].context).toBeUndefined();
  });

  it('stringifies non-string primitive messages', () => {
    const { logger, entries } = capture();
    logger.log(42);
    logger.log(undefined);
    expect(entries().map((e) => e.msg)).toEqual(['42', 'undefined']);
  });

  describe('correlation id', () => {
    it('includes the correlation id of the surrounding request context', () => {
      const { logger, entries } = capture();
      runWithContext({ correlationId: 'corr-123' }, () => logger.log('inside', 'Ctx'));
      logger.log('outside', 'Ctx');
      const [inside, outside] = entries();
      expect(inside.correlationId).toBe('corr-123');
      expect(outside.correlationId).toBeUndefined();
    });

    it('keeps the correlation id across await', async () => {
      const { logger, entries } = capture();
      await runWithContext({ correlationId: 'async-1' }, async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        logger.log('after await');
      });
      expect(entries()[0].correlationId).toBe('async-1');
    });

    it('does not mix the correlation ids of concurrent contexts', async () => {
      const { logger, entries } = capture();
      await Promise.all(
        ['a', 'b', 'c'].map((id, i) =>
          runWithContext({ correlationId: id }, async () => {
            await new Promise((resolve) => setTimeout(resolve, 5 - i));
            logger.log(`request ${id}`);
          }),
        ),
      );
      for (const entry of entries()) expect(entry.msg).toBe(`request ${entry.correlationId}`);
      expect(entries()).toHaveLength(3);
    });
  });

  describe('levels', () => {
    it('drops levels below the default threshold (log)', () => {
      const { logger, entries } = capture();
      logger.error('e');
      logger.warn('w');
      logger.log('l');
      logger.debug('d');
      logger.verbose('v');
      expect(entries().map((e) => e.level)).toEqual(['error', 'warn', 'log']);
    });

    it('drops everything below warn when the level is warn', () => {
      const { logger, entries } = capture('warn');
      logger.verbose('v');
      logger.debug('d');
      logger.log('l');
      logger.warn('w');
      logger.error('e');
      expect(entries().map((e) => e.level)).toEqual(['warn', 'error']);
    });

    it('keeps everything at verbose', () => {
      const { logger, entries } = capture('verbose');
      logger.verbose('v');
      logger.debug('d');
      expect(entries().map((e) => e.level)).toEqual(['verbose', 'debug']);
    });

    it('keeps only errors at error', () => {
      const { logger, entries } = capture('error');
      logger.warn('w');
      logger.error('e');
      expect(entries().map((e) => e.msg)).toEqual(['e']);
    });

    it('follows setLogLevels, using the most verbose level given', () => {
      const { logger, entries } = capture('error');
      logger.setLogLevels(['error', 'warn', 'debug']);
      logger.debug('d');
      logger.verbose('v');
      expect(entries().map((e) => e.level)).toEqual(['debug']);
    });
  });

  describe('errors', () => {
    it('serialises an Error message with its name and stack', () => {
      const { logger, entries } = capture();
      logger.error(new TypeError('bad input'), 'Handler');
      const [entry] = entries();
      expect(entry).toMatchObject({ level: 'error', msg: 'bad input', context: 'Handler' });
      expect(entry.err).toMatchObject({ name: 'TypeError' });
      expect((entry.err as { stack: string }).stack).toContain('bad input');
    });

    it('keeps the name of custom error classes', () => {
      class QueueUnavailable extends Error {
        constructor() {
          super('queue down');
          this.name = 'QueueUnavailable';
        }
      }
      const { logger, entries } = capture();
      logger.error(new QueueUnavailable());
      expect(entries()[0].err).toMatchObject({ name: 'QueueUnavailable' });
    });

    it('serialises an Error passed as an extra parameter with name and message', () => {
      const { logger, entries } = capture();
      logger.warn('Retrying job', new RangeError('too far'), 'Worker');
      const [entry] = entries();
      expect(entry).toMatchObject({ msg: 'Retrying job', context: 'Worker' });
      expect(entry.err).toMatchObject({ name: 'RangeError', message: 'too far' });
    });

    it("records Nest's (message, stack, context) error calls", () => {
      const { logger, entries } = capture();
      logger.error('Unhandled', 'Error: boom\n    at somewhere', 'ExceptionsHandler');
      expect(entries()[0]).toMatchObject({ msg: 'Unhandled', stack: 'Error: boom\n    at somewhere', context: 'ExceptionsHandler' });
    });

    it('ignores an undefined stack', () => {
      const { logger, entries } = capture();
      logger.error('Unhandled', undefined, 'ExceptionsHandler');
      expect(entries()[0]).toEqual(expect.objectContaining({ msg: 'Unhandled', context: 'ExceptionsHandler' }));
      expect(entries()[0]).not.toHaveProperty('stack');
    });
  });

  describe('structured fields', () => {
    it('merges object messages and object parameters into the entry', () => {
      const { logger, entries } = capture();
      logger.log({ msg: 'job.done', jobId: 'j-1' }, { durationMs: 12 }, 'Worker');
      expect(entries()[0]).toMatchObject({ msg: 'job.done', jobId: 'j-1', durationMs: 12, context: 'Worker', level: 'log' });
    });

    it('does not let fields override the level, service or correlation id', () => {
      const { logger, entries } = capture();
      runWithContext({ correlationId: 'real' }, () => logger.log({ msg: 'x', level: 'error', service: 'spoof', correlationId: 'fake' }, 'Ctx'));
      expect(entries()[0]).toMatchObject({ level: 'log', service: 'api', correlationId: 'real' });
    });

    it('never throws on values JSON cannot serialise, and still writes a line', () => {
      const { logger, lines } = capture();
      const circular: Record<string, unknown> = { id: 'c' };
      circular.self = circular;
      expect(() => logger.log({ msg: 'circular', circular })).not.toThrow();
      expect(() => logger.log({ msg: 'bigint', count: BigInt(1) })).not.toThrow();
      expect(lines).toHaveLength(2);
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    });
  });

  it('writes to stdout with a trailing newline by default', () => {
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      new JsonLogger().log('to stdout', 'Ctx');
      expect(spy).toHaveBeenCalledTimes(1);
      const written = String(spy.mock.calls[0][0]);
      expect(written.endsWith('\n')).toBe(true);
      expect(written.slice(0, -1)).not.toContain('\n');
      expect(JSON.parse(written)).toMatchObject({ msg: 'to stdout', context: 'Ctx' });
    } finally {
      spy.mockRestore();
    }
  });
});

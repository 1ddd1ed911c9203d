import { AppConfig, ConfigValidationError, DEVELOPMENT_APP_SECRET, loadConfig } from './app-config';

const STRONG_SECRET = 'a-real-production-secret-of-sufficient-length-42';

/** Runs loadConfig expecting a ConfigValidationError and returns its problems. */
function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return (error as ConfigValidationError).problems;
  }
  throw new Error(`expected loadConfig(${JSON.stringify(env)}) to throw`);
}

function problemFor(env: Record<string, string | undefined>, variable: string): string {
  const problems = problemsOf(env);
  const found = problems.find((p) => p.startsWith(`${variable} `));
  if (!found) throw new Error(`no problem about ${variable} in: ${problems.join(' | ')}`);
  return found;
}

const productionEnv = (overrides: Record<string, string> = {}) => ({
  NODE_ENV: 'production',
  APP_SECRET: STRONG_SECRET,
  MEILI_MASTER_KEY: 'meili-master-key',
  ...overrides,
});

describe('loadConfig', () => {
  describe('defaults', () => {
    it('returns an AppConfig with the documented defaults for an empty environment', () => {
      const config = loadConfig({});
      expect(config).toBeInstanceOf(AppConfig);
      expect(config.NODE_ENV).toBe('development');
      expect(config.PORT).toBe(3000);
      expect(config.PUBLIC_URL).toBe('http://localhost:3000');
      expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/passerelle');
      expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
      expect(config.REDIS_PREFIX).toBe('passerelle');
      expect(config.MEILI_URL).toBe('http://127.0.0.1:7700');
      expect(config.MEILI_MASTER_KEY).toBeUndefined();
      expect(config.MEILI_INDEX_PREFIX).toBe('');
      expect(config.SMTP_URL).toBe('smtp://127.0.0.1:1025');
      expect(config.MAIL_FROM).toBe('Passerelle <no-reply@passerelle.example>');
      expect(config.APP_SECRET).toBe(DEVELOPMENT_APP_SECRET);
      expect(config.LOG_LEVEL).toBe('log');
      expect(config.DEMO_MODE).toBe(false);
      expect(config.SESSION_TTL_MINUTES).toBe(480);
      expect(config.OUTBOX_POLL_MS).toBe(200);
      expect(config.LOGIN_MAX_FAILURES).toBe(5);
      expect(config.LOGIN_LOCK_MINUTES).toBe(15);
      expect(config.NEED_STALE_DAYS).toBe(60);
      expect(config.NEED_STALE_WARNING_DAYS).toBe(7);
      expect(config.PROFILE_ARCHIVE_AFTER_RELEASE_DAYS).toBe(365);
      expect(config.PROFILE_ARCHIVE_UNDATED_AFTER_DAYS).toBe(365);
      expect(config.PROFILE_ERASE_AFTER_ARCHIVE_DAYS).toBe(180);
      expect(config.INTRODUCTION_EXPIRE_AFTER_DAYS).toBe(14);
      expect(config.isProduction).toBe(false);
    });

    it('treats undefined values like absent variables', () => {
      const config = loadConfig({ PORT: undefined, NODE_ENV: undefined });
      expect(config.PORT).toBe(3000);
      expect(config.NODE_ENV).toBe('development');
    });
  });

  describe('conversions', () => {
    it('converts integer strings to numbers', () => {
      const config = loadConfig({
        PORT: '8080',
        SESSION_TTL_MINUTES: '60',
        OUTBOX_POLL_MS: ' 500 ',
        LOGIN_MAX_FAILURES: '3',
        LOGIN_LOCK_MINUTES: '30',
      });
      expect(config.PORT).toBe(8080);
      expect(config.SESSION_TTL_MINUTES).toBe(60);
      expect(config.OUTBOX_POLL_MS).toBe(500);
      expect(config.LOGIN_MAX_FAILURES).toBe(3);
      expect(config.LOGIN_LOCK_MINUTES).toBe(30);
      expect(loadConfig({ INTRODUCTION_EXPIRE_AFTER_DAYS: ' 21 ' }).INTRODUCTION_EXPIRE_AFTER_DAYS).toBe(21);
    });

    it.each([
      ['true', true],
      ['TRUE', true],
      ['1', true],
      ['yes', true],
      ['false', false],
      ['0', false],
      ['no', false],
      ['', false],
    ])('reads DEMO_MODE=%p as %p', (raw, expected) => {
      expect(loadConfig({ DEMO_MODE: raw }).DEMO_MODE).toBe(expected);
    });

    it('keeps string values as given', () => {
      const config = loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: 'postgresql://u:p@db:5432/other',
        REDIS_URL: 'rediss://cache:6380',
        LOG_LEVEL: 'debug',
        MEILI_MASTER_KEY: 'k',
      });
      expect(config.NODE_ENV).toBe('test');
      expect(config.DATABASE_URL).toBe('postgresql://u:p@db:5432/other');
      expect(config.REDIS_URL).toBe('rediss://cache:6380');
      expect(config.LOG_LEVEL).toBe('debug');
      expect(config.MEILI_MASTER_KEY).toBe('k');
    });
  });

  describe('malformed variables', () => {
    it.each([
      [{ PORT: 'abc' }, 'PORT', /integer port number/, 'abc'],
      [{ PORT: '70000' }, 'PORT', /65535/, '70000'],
      [{ PORT: '3.5' }, 'PORT', /integer port number/, '3.5'],
      [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', /postgres:\/\//, 'mysql://x'],
      [{ REDIS_URL: 'http://x' }, 'REDIS_URL', /redis:\/\//, 'http://x'],
      [{ PUBLIC_URL: 'localhost:3000' }, 'PUBLIC_URL', /absolute http\(s\) URL/, 'localhost:3000'],
      [{ SMTP_URL: 'mail.example' }, 'SMTP_URL', /smtp:\/\//, 'mail.example'],
      [{ REDIS_PREFIX: 'has space' }, 'REDIS_PREFIX', /letters, digits/, 'has space'],
      [{ DEMO_MODE: 'maybe' }, 'DEMO_MODE', /true or false/, 'maybe'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /one of error, warn, log, debug, verbose/, 'loud'],
      [{ NODE_ENV: 'staging' }, 'NODE_ENV', /one of development, test, production/, 'staging'],
      [{ SESSION_TTL_MINUTES: 'soon' }, 'SESSION_TTL_MINUTES', /integer number of minutes/, 'soon'],
      [{ SESSION_TTL_MINUTES: '1' }, 'SESSION_TTL_MINUTES', /5/, '1'],
      [{ NEED_STALE_DAYS: 'two months' }, 'NEED_STALE_DAYS', /integer number of days/, 'two months'],
      [{ NEED_STALE_DAYS: '1' }, 'NEED_STALE_DAYS', /must not be less than 2/, '1'],
      [{ NEED_STALE_WARNING_DAYS: '0' }, 'NEED_STALE_WARNING_DAYS', /must not be less than 1/, '0'],
      [{ PROFILE_ARCHIVE_AFTER_RELEASE_DAYS: 'a year' }, 'PROFILE_ARCHIVE_AFTER_RELEASE_DAYS', /integer number of days/, 'a year'],
      [{ PROFILE_ARCHIVE_UNDATED_AFTER_DAYS: '0' }, 'PROFILE_ARCHIVE_UNDATED_AFTER_DAYS', /must not be less than 1/, '0'],
      [{ PROFILE_ERASE_AFTER_ARCHIVE_DAYS: '0' }, 'PROFILE_ERASE_AFTER_ARCHIVE_DAYS', /must not be less than 1/, '0'],
      [{ PROFILE_ERASE_AFTER_ARCHIVE_DAYS: '4000' }, 'PROFILE_ERASE_AFTER_ARCHIVE_DAYS', /must not be greater than 3650/, '4000'],
      [{ INTRODUCTION_EXPIRE_AFTER_DAYS: 'two weeks' }, 'INTRODUCTION_EXPIRE_AFTER_DAYS', /integer number of days/, 'two weeks'],
      [{ INTRODUCTION_EXPIRE_AFTER_DAYS: '7' }, 'INTRODUCTION_EXPIRE_AFTER_DAYS', /at least 8, so that the closure comes after the 7-day reminder/, '7'],
      [{ INTRODUCTION_EXPIRE_AFTER_DAYS: '400' }, 'INTRODUCTION_EXPIRE_AFTER_DAYS', /must not be greater than 365/, '400'],
    ])('reports %p naming %s and what is expected', (env, variable, expected, raw) => {
      const problem = problemFor(env, variable);
      expect(problem).toMatch(expected);
      expect(problem).toContain(`got "${raw}"`);
    });

    it('requires the stale-need warning to come before the unpublication', () => {
      const problem = problemFor({ NEED_STALE_DAYS: '30', NEED_STALE_WARNING_DAYS: '30' }, 'NEED_STALE_WARNING_DAYS');
      expect(problem).toBe(
        'NEED_STALE_WARNING_DAYS must be less than NEED_STALE_DAYS, so the warning comes before the unpublication (got 30 and NEED_STALE_DAYS=30)',
      );
      expect(problemFor({ NEED_STALE_WARNING_DAYS: '90' }, 'NEED_STALE_WARNING_DAYS')).toContain('(got 90 and NEED_STALE_DAYS=60)');
      const config = loadConfig({ NEED_STALE_DAYS: '30', NEED_STALE_WARNING_DAYS: '29' });
      expect([config.NEED_STALE_DAYS, config.NEED_STALE_WARNING_DAYS]).toEqual([30, 29]);
    });

    it('does not add the ordering problem on top of a malformed stale-need variable', () => {
      expect(problemsOf({ NEED_STALE_DAYS: 'abc', NEED_STALE_WARNING_DAYS: '7' }).map((p) => p.split(' ')[0])).toEqual(['NEED_STALE_DAYS']);
    });

    it('reports a too-short APP_SECRET without revealing it', () => {
      const problem = problemFor({ APP_SECRET: 'short' }, 'APP_SECRET');
      expect(problem).toMatch(/at least 32 characters/);
      expect(problem).not.toContain('short"');
      expect(problem).toContain('***');
    });

    it('reports every problem at once in a single ConfigValidationError', () => {
      const env = { PORT: 'abc', DATABASE_URL: 'mysql://x', REDIS_URL: 'http://x', DEMO_MODE: 'maybe', LOG_LEVEL: 'loud' };
      let caught: unknown;
      try {
        loadConfig(env);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigValidationError);
      const error = caught as ConfigValidationError;
      expect(error.name).toBe('ConfigValidationError');
      const variables = error.problems.map((p) => p.split(' ')[0]).sort();
      expect(variables).toEqual(['DATABASE_URL', 'DEMO_MODE', 'LOG_LEVEL', 'PORT', 'REDIS_URL']);
      for (const problem of error.problems) expect(error.message).toContain(problem);
      expect(error.message).toMatch(/^Invalid configuration:/);
    });

    it('never shows a secret value in the error message', () => {
      const secret = 'tiny-secret-value';
      let message = '';
      try {
        loadConfig({ APP_SECRET: secret, PORT: 'abc' });
      } catch (error) {
        message = (error as Error).message + (error as ConfigValidationError).problems.join('\n');
      }
      expect(message).toContain('APP_SECRET');
      expect(message).not.toContain(secret);
    });

    it.each([
      ['DATABASE_URL', 'mysql://app:hunter2-db@db.internal/passerelle', 'hunter2-db'],
      ['REDIS_URL', 'http://:hunter2-redis@cache.internal:6379', 'hunter2-redis'],
      ['SMTP_URL', 'http://mailer:hunter2-smtp@mail.internal', 'hunter2-smtp'],
    ])('does not reveal the password embedded in a malformed %s', (variable, value, password) => {
      const problem = problemFor({ [variable]: value }, variable);
      expect(problem).not.toContain(password);
    });
  });

  describe('production', () => {
    it('accepts a complete production configuration', () => {
      const config = loadConfig(productionEnv());
      expect(config.isProduction).toBe(true);
      expect(config.APP_SECRET).toBe(STRONG_SECRET);
      expect(config.MEILI_MASTER_KEY).toBe('meili-master-key');
    });

    it('requires APP_SECRET to be set', () => {
      const problems = problemsOf({ NODE_ENV: 'production', MEILI_MASTER_KEY: 'k' });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^APP_SECRET must be set/);
    });

    it('refuses the development secret even when given explicitly, without echoing it', () => {
      const problems = problemsOf(productionEnv({ APP_SECRET: DEVELOPMENT_APP_SECRET }));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^APP_SECRET /);
      expect(problems.join('\n')).not.toContain(DEVELOPMENT_APP_SECRET);
    });

    it('requires MEILI_MASTER_KEY', () => {
      const env: Record<string, string> = productionEnv();
      delete env.MEILI_MASTER_KEY;
      const problems = problemsOf(env);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^MEILI_MASTER_KEY must be set/);
    });

    it('requires MEILI_MASTER_KEY to be non-empty', () => {
      expect(problemsOf(productionEnv({ MEILI_MASTER_KEY: '' })).some((p) => p.startsWith('MEILI_MASTER_KEY'))).toBe(true);
    });

    it('requires DEMO_MODE to be false', () => {
      const problems = problemsOf(productionEnv({ DEMO_MODE: 'true' }));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^DEMO_MODE must be false/);
      expect(loadConfig(productionEnv({ DEMO_MODE: 'false' })).DEMO_MODE).toBe(false);
    });

    it('lists all production problems together', () => {
      const problems = problemsOf({ NODE_ENV: 'production', DEMO_MODE: 'yes' });
      expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual(['APP_SECRET', 'DEMO_MODE', 'MEILI_MASTER_KEY']);
    });

    it('does not apply production rules outside production', () => {
      expect(() => loadConfig({ NODE_ENV: 'test', DEMO_MODE: 'true' })).not.toThrow();
    });
  });

  it('ignores unknown environment variables', () => {
    const config = loadConfig({ HOME: '/root', PATH: '/usr/bin', SOMETHING_ELSE: 'x', PORT: '4000' });
    expect(config.PORT).toBe(4000);
    expect(config).not.toHaveProperty('HOME');
    expect(config).not.toHaveProperty('SOMETHING_ELSE');
  });
});

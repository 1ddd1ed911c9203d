import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidationError,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no', ''].includes(v)) return false;
  return value;
};

/** Development-only secret; refused when NODE_ENV=production. */
export const DEVELOPMENT_APP_SECRET = 'development-only-secret-change-me-0123456789';

/**
 * Every environment variable Passerelle reads, validated once at boot.
 * Defaults fit the local services of a developer machine (PostgreSQL, Redis on loopback).
 */
export class AppConfig {
  @IsIn(['development', 'test', 'production'], { message: 'must be one of development, test, production' })
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(toInt)
  @IsInt({ message: 'must be an integer port number' })
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @Matches(/^https?:\/\/[^\s/]+(:\d+)?(\/[^\s]*)?$/, { message: 'must be an absolute http(s) URL, e.g. http://localhost:3000' })
  PUBLIC_URL = 'http://localhost:3000';

  @IsString()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// connection URL, e.g. postgres://postgres@127.0.0.1:5432/passerelle' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/passerelle';

  @IsString()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// URL, e.g. redis://127.0.0.1:6379' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(40, { message: 'must be at most 40 characters' })
  @Matches(/^[a-z0-9:_-]+$/i, { message: 'may contain only letters, digits, ":", "_" and "-"' })
  REDIS_PREFIX = 'passerelle';

  @IsString()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be the http(s) URL of a Meilisearch server, e.g. http://127.0.0.1:7700' })
  MEILI_URL = 'http://127.0.0.1:7700';

  @IsOptional()
  @IsString()
  MEILI_MASTER_KEY?: string;

  @IsString()
  @MaxLength(40)
  @Matches(/^[a-z0-9_-]*$/i, { message: 'may contain only letters, digits, "_" and "-"' })
  MEILI_INDEX_PREFIX = '';

  @IsString()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL, e.g. smtp://127.0.0.1:1025' })
  SMTP_URL = 'smtp://127.0.0.1:1025';

  @IsString()
  @MinLength(3)
  MAIL_FROM = 'Passerelle <no-reply@passerelle.example>';

  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters (generate one with: openssl rand -hex 32)' })
  APP_SECRET = DEVELOPMENT_APP_SECRET;

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'], { message: 'must be one of error, warn, log, debug, verbose' })
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  DEMO_MODE = false;

  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of minutes' })
  @Min(5)
  @Max(60 * 24 * 30)
  SESSION_TTL_MINUTES = 8 * 60;

  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of milliseconds' })
  @Min(10)
  @Max(60_000)
  OUTBOX_POLL_MS = 200;

  @Transform(toInt)
  @IsInt({ message: 'must be an integer' })
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILURES = 5;

  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of minutes' })
  @Min(1)
  @Max(24 * 60)
  LOGIN_LOCK_MINUTES = 15;

  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of days' })
  @Min(2)
  @Max(3650)
  NEED_STALE_DAYS = 60;

  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of days' })
  @Min(1)
  @Max(3649)
  NEED_STALE_WARNING_DAYS = 7;

  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of days' })
  @Min(1)
  @Max(3650)
  PROFILE_ARCHIVE_AFTER_RELEASE_DAYS = 365;

  /** A profile without a release window end (a draft never completed) is archived after this many days without a change. */
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of days' })
  @Min(1)
  @Max(3650)
  PROFILE_ARCHIVE_UNDATED_AFTER_DAYS = 365;

  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of days' })
  @Min(1)
  @Max(3650)
  PROFILE_ERASE_AFTER_ARCHIVE_DAYS = 180;

  /**
   * An introduction request or proposal nobody answers is closed after this many days. Reminders go out at 3
   * and 7 days: the closure comes after the last one.
   */
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of days' })
  @Min(8, { message: 'must be at least 8, so that the closure comes after the 7-day reminder' })
  @Max(365)
  INTRODUCTION_EXPIRE_AFTER_DAYS = 14;

  /**
   * Days after an awareness half-day at which its attendees' identity data (full name, date of birth, ID document),
   * collected only for the prison's security clearance, is erased. Long enough for the establishment to query a
   * visit afterwards, short enough not to keep a file of visitors.
   */
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of days' })
  @Min(0)
  @Max(90, { message: 'must be at most 90: identity data is kept only for the security clearance' })
  AWARENESS_IDENTITY_ERASE_AFTER_DAYS = 7;

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

function describe(errors: ValidationError[], env: Record<string, string | undefined>): string[] {
  return errors.map((error) => {
    const raw = env[error.property];
    // Secrets and the credentials inside connection URLs never reach a log.
    const masked = /SECRET|KEY|PASSWORD/.test(error.property) ? '***' : raw?.replace(/\/\/[^/@\s]*@/, '//***@');
    const shown = raw === undefined ? 'not set' : `got "${masked}"`;
    const reasons = Object.values(error.constraints ?? {}).join('; ');
    return `${error.property} ${reasons} (${shown})`;
  });
}

/** Builds and validates the configuration from an environment; throws ConfigValidationError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const input: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined) input[key] = value;
  }
  const config = plainToInstance(AppConfig, input, { exposeDefaultValues: true });
  const problems = describe(validateSync(config, { skipMissingProperties: false }), env);
  // The warning goes out NEED_STALE_WARNING_DAYS before the unpublication: it needs a day left to fall on.
  if (Number.isInteger(config.NEED_STALE_DAYS) && Number.isInteger(config.NEED_STALE_WARNING_DAYS) && config.NEED_STALE_WARNING_DAYS >= config.NEED_STALE_DAYS) {
    problems.push(
      `NEED_STALE_WARNING_DAYS must be less than NEED_STALE_DAYS, so the warning comes before the unpublication (got ${config.NEED_STALE_WARNING_DAYS} and NEED_STALE_DAYS=${config.NEED_STALE_DAYS})`,
    );
  }
  if (config.NODE_ENV === 'production') {
    if (config.APP_SECRET === DEVELOPMENT_APP_SECRET) {
      const given = env.APP_SECRET === undefined ? 'not set' : 'got the development placeholder';
      problems.push(`APP_SECRET must be set to your own secret in production (generate one with: openssl rand -hex 32) (${given})`);
    }
    if (!config.MEILI_MASTER_KEY) problems.push('MEILI_MASTER_KEY must be set in production (not set)');
    if (config.DEMO_MODE) problems.push('DEMO_MODE must be false in production (got "true")');
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return config;
}

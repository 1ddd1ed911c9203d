import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../../common/auth/decorators';
import { RedisService } from '../../infra/redis/redis.service';
import { SearchService } from '../../infra/search/search.service';

type Check = 'up' | 'down';

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

@ApiTags('health')
@Controller('api')
@Public()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly redis: RedisService,
    private readonly search: SearchService,
  ) {}

  @Get('health')
  @ApiOkResponse({ description: 'Le processus répond' })
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({ description: 'PostgreSQL, Redis et Meilisearch répondent' })
  @ApiServiceUnavailableResponse({ description: 'Au moins une dépendance ne répond pas' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<{ status: 'ready' | 'unavailable'; checks: Record<string, Check> }> {
    const probe = async (fn: () => Promise<boolean>): Promise<Check> => ((await withTimeout(fn(), 2000).catch(() => false)) ? 'up' : 'down');
    const [postgres, redis, meilisearch] = await Promise.all([
      probe(async () => (await this.dataSource.query('SELECT 1')).length === 1),
      probe(() => this.redis.ping()),
      probe(() => this.search.isHealthy()),
    ]);
    const checks = { postgres, redis, meilisearch };
    const ok = Object.values(checks).every((c) => c === 'up');
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ready' : 'unavailable', checks };
  }
}

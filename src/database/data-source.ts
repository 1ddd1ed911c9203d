import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** The one data source definition shared by the app, the worker, the CLI and the tests. */
export function dataSourceOptions(config: Pick<AppConfig, 'DATABASE_URL'>, applicationName = 'passerelle'): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.DATABASE_URL,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName,
    extra: { max: 10, connectionTimeoutMillis: 5000 },
  };
}

export function createDataSource(config: Pick<AppConfig, 'DATABASE_URL'>, applicationName?: string): DataSource {
  return new DataSource(dataSourceOptions(config, applicationName));
}

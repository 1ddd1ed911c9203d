import { Foundation1763900000000 } from './1763900000000-Foundation';

/** Every migration, in order. Listed explicitly so the app, the CLI and the tests load the same classes. */
export const MIGRATIONS = [Foundation1763900000000];

import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 6 (placeholder, filled in by the work on this issue). */
export class Sponsorships1765000000000 implements MigrationInterface {
  name = 'Sponsorships1765000000000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}

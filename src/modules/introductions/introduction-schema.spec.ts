import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeclineReason, HireContractType, INTRODUCTION_SOLUTIONS, IntroductionOutcome, IntroductionStatus, NoFollowUpReason, OPEN_STATUSES } from './introduction';

/** The migration's CHECK constraints restate the enums (a migration never imports application code): they must not drift apart. */
describe('introductions migration', () => {
  const sql = readFileSync(join(__dirname, '../../database/migrations/1764800000000-Introductions.ts'), 'utf8');
  const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(',');

  it('allows every status, solution, reason, outcome and contract type the code uses', () => {
    for (const value of [
      ...Object.values(IntroductionStatus),
      ...INTRODUCTION_SOLUTIONS,
      ...Object.values(DeclineReason),
      ...Object.values(NoFollowUpReason),
      ...Object.values(IntroductionOutcome),
      ...Object.values(HireContractType),
    ]) {
      expect({ value, found: sql.includes(`'${value}'`) }).toEqual({ value, found: true });
    }
  });

  it('makes the open statuses of the unique index those of the code', () => {
    expect(sql).toContain(`const OPEN = \`(${quoted(OPEN_STATUSES)})\``);
  });
});

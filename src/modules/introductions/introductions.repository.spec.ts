import { QueryFailedError } from 'typeorm';
import { isOpenDuplicate } from './introductions.repository';

const failure = (driverError: Record<string, unknown>) => new QueryFailedError('INSERT INTO introductions …', [], Object.assign(new Error('duplicate key'), driverError));

describe('isOpenDuplicate', () => {
  it('recognises the one-open-introduction index only', () => {
    expect(isOpenDuplicate(failure({ code: '23505', constraint: 'introductions_open_key' }))).toBe(true);
    expect(isOpenDuplicate(failure({ code: '23505', constraint: 'users_email_key' }))).toBe(false);
    expect(isOpenDuplicate(failure({ code: '23514', constraint: 'introductions_open_key' }))).toBe(false);
    expect(isOpenDuplicate(new Error('introductions_open_key'))).toBe(false);
  });
});

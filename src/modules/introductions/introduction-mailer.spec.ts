import { Role } from '../users/user.entity';
import { recipientsAmong } from './introduction-mailer';

const members = [
  { id: 'owner', role: Role.Counsellor },
  { id: 'coordinator', role: Role.Coordinator },
  { id: 'author', role: Role.Counsellor },
];
const staff = (m: { role: Role }) => m.role === Role.Counsellor || m.role === Role.Coordinator;

describe('recipientsAmong', () => {
  it('tells the first preferred person still among the eligible members, only them', () => {
    expect(recipientsAmong(members, ['author'], staff)).toEqual(['author']);
    expect(recipientsAmong(members, [null, 'author'], staff)).toEqual(['author']);
    expect(recipientsAmong(members, ['coordinator', 'author'], staff)).toEqual(['coordinator']);
  });

  it('falls back on every eligible member when the preferred ones are gone or not eligible', () => {
    expect(recipientsAmong(members, ['departed', null], staff)).toEqual(['owner', 'coordinator', 'author']);
    expect(recipientsAmong(members, ['author'], (m) => m.role === Role.Coordinator)).toEqual(['coordinator']);
    expect(recipientsAmong([], ['author'], staff)).toEqual([]);
  });
});

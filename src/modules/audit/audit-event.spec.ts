import { AUDIT_DETAILS_MAX_BYTES, InvalidAuditEventError, serialiseAuditEvent } from './audit-event';

const event = { actorUserId: null, action: 'profile.read_by_employer', subjectType: 'candidate_profile', subjectId: 'p-1' };

describe('serialiseAuditEvent', () => {
  it('serialises the details, an empty object when there are none', () => {
    expect(serialiseAuditEvent(event)).toBe('{}');
    expect(serialiseAuditEvent({ ...event, details: { organisationId: 'o-1', fields: ['status'] } })).toBe('{"organisationId":"o-1","fields":["status"]}');
  });

  it.each(['profile', 'Profile.read', 'profile.', '.read', 'profile.read-all', 'profile.read 2', `profile.${'x'.repeat(60)}`])('rejects the action %p', (action) => {
    expect(() => serialiseAuditEvent({ ...event, action })).toThrow(InvalidAuditEventError);
  });

  it('rejects empty or oversized subjects and details that are not an object', () => {
    expect(() => serialiseAuditEvent({ ...event, subjectType: '' })).toThrow(/subject type/);
    expect(() => serialiseAuditEvent({ ...event, subjectId: 'x'.repeat(65) })).toThrow(/subject id/);
    expect(() => serialiseAuditEvent({ ...event, details: ['a'] as unknown as Record<string, unknown> })).toThrow(/must be an object/);
  });

  it('counts the details in UTF-8 bytes and refuses more than 2 KB without echoing them', () => {
    const padding = AUDIT_DETAILS_MAX_BYTES - '{"k":""}'.length;
    expect(() => serialiseAuditEvent({ ...event, details: { k: 'a'.repeat(padding) } })).not.toThrow();
    const tooBig = () => serialiseAuditEvent({ ...event, details: { k: `${'a'.repeat(padding - 1)}é` } });
    expect(tooBig).toThrow(InvalidAuditEventError);
    expect(tooBig).toThrow(/2049 bytes/);
    expect(tooBig).not.toThrow(/aaaa/);
  });
});

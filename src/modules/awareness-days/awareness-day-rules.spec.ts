import { AttendeeStatus } from './awareness-day';
import { closesAtEndOf, csvDocument, csvField, deadlineDateOf, defaultDeadlineDate, hoursText, identityErasureDue, parisInstant, placeArrivals, reminderWindow, scheduleOf } from './awareness-day-rules';
import { AwarenessIdentityCipher } from './awareness-identity-cipher';
import { AppConfig } from '../../config/app-config';

describe('awareness half-day rules', () => {
  describe('Paris wall-clock times', () => {
    it('reads winter and summer times with their own offsets, including the days the clock changes', () => {
      expect(parisInstant('2026-01-15', '09:30').toISOString()).toBe('2026-01-15T08:30:00.000Z');
      expect(parisInstant('2026-07-15', '09:30').toISOString()).toBe('2026-07-15T07:30:00.000Z');
      expect(parisInstant('2026-03-29', '09:00').toISOString()).toBe('2026-03-29T07:00:00.000Z');
      expect(parisInstant('2026-10-25', '09:00').toISOString()).toBe('2026-10-25T08:00:00.000Z');
      expect(hoursText(parisInstant('2026-05-12', '09:15'), parisInstant('2026-05-12', '12:45'))).toBe('de 9 h 15 à 12 h 45');
    });
  });

  describe('registration deadline', () => {
    it('defaults to 15 days before and closes at the end of that day in France', () => {
      expect(defaultDeadlineDate('2026-05-12')).toBe('2026-04-27');
      expect(closesAtEndOf('2026-04-27').toISOString()).toBe('2026-04-27T22:00:00.000Z');
      expect(closesAtEndOf('2026-01-10').toISOString()).toBe('2026-01-10T23:00:00.000Z');
      expect(deadlineDateOf(closesAtEndOf('2026-04-27'))).toBe('2026-04-27');
    });

    it('schedules a half-day with the default deadline, or the one given before the day', () => {
      const now = new Date('2026-03-01T10:00:00Z');
      const planned = scheduleOf({ date: '2026-05-12', startTime: '09:00', endTime: '12:30' }, now);
      expect(planned).toEqual({
        schedule: { startsAt: new Date('2026-05-12T07:00:00Z'), endsAt: new Date('2026-05-12T10:30:00Z'), closesAt: new Date('2026-04-27T22:00:00Z') },
      });
      const custom = scheduleOf({ date: '2026-05-12', startTime: '09:00', endTime: '12:30', deadline: '2026-05-05' }, now);
      expect('schedule' in custom && custom.schedule.closesAt.toISOString()).toBe('2026-05-05T22:00:00.000Z');
    });

    it('names the fields of an impossible schedule', () => {
      const now = new Date('2026-05-01T10:00:00Z');
      const fields = (input: Parameters<typeof scheduleOf>[0]) => {
        const result = scheduleOf(input, now);
        return 'errors' in result ? result.errors.map((e) => e.field) : [];
      };
      expect(fields({ date: '2026-05-12', startTime: '12:00', endTime: '09:00', deadline: '2026-05-05' })).toEqual(['endTime']);
      expect(fields({ date: '2026-05-12', startTime: '09:00', endTime: '12:00', deadline: '2026-05-12' })).toEqual(['deadline']);
      expect(fields({ date: '2026-05-12', startTime: '09:00', endTime: '12:00', deadline: '2026-04-30' })).toEqual(['deadline']);
      // The default (27 April) is already past on 1 May: refused, not silently moved.
      const defaultPast = scheduleOf({ date: '2026-05-12', startTime: '09:00', endTime: '12:00' }, now);
      expect('errors' in defaultPast && defaultPast.errors[0].message).toContain('27/04/2026');
      expect(fields({ date: '2026-05-01', startTime: '09:00', endTime: '12:00', deadline: '2026-04-30' })).toContain('date');
    });
  });

  describe('waitlist', () => {
    it('confirms while seats remain, then waitlists in the order given', () => {
      expect(placeArrivals(3, 8, 10)).toEqual([AttendeeStatus.Confirmed, AttendeeStatus.Confirmed, AttendeeStatus.Waitlisted]);
      expect(placeArrivals(2, 10, 10)).toEqual([AttendeeStatus.Waitlisted, AttendeeStatus.Waitlisted]);
      expect(placeArrivals(1, 12, 10)).toEqual([AttendeeStatus.Waitlisted]);
      expect(placeArrivals(2, 0, 5)).toEqual([AttendeeStatus.Confirmed, AttendeeStatus.Confirmed]);
    });
  });

  describe('reminders', () => {
    it('J-7 covers the week before (but the eve), J-1 the eve only', () => {
      expect(reminderWindow('d7', '2026-05-05')).toEqual({ from: '2026-05-07', to: '2026-05-12' });
      expect(reminderWindow('d1', '2026-05-11')).toEqual({ from: '2026-05-12', to: '2026-05-12' });
    });
  });

  describe('identity erasure horizon', () => {
    it('counts the retention from the end of the half-day, or from its cancellation when that comes first', () => {
      const endsAt = new Date('2026-06-10T10:30:00Z');
      expect(identityErasureDue({ endsAt, cancelledAt: null }, 7).toISOString()).toBe('2026-06-17T10:30:00.000Z');
      expect(identityErasureDue({ endsAt, cancelledAt: new Date('2026-03-01T08:00:00Z') }, 7).toISOString()).toBe('2026-03-08T08:00:00.000Z');
      // A cancellation recorded after the end (not possible through the service) never pushes the erasure later.
      expect(identityErasureDue({ endsAt, cancelledAt: new Date('2026-06-12T08:00:00Z') }, 7).toISOString()).toBe('2026-06-17T10:30:00.000Z');
    });
  });

  describe('CSV for French spreadsheets', () => {
    it('quotes separators, quotes and line breaks, and defuses formulas', () => {
      expect(csvField('Camille Martin')).toBe('Camille Martin');
      expect(csvField('Martin; Camille')).toBe('"Martin; Camille"');
      expect(csvField('Dit "Cam"')).toBe('"Dit ""Cam"""');
      expect(csvField('ligne\nsuivante')).toBe('"ligne\nsuivante"');
      expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
      expect(csvField('-12')).toBe("'-12");
      expect(csvField(null)).toBe('');
    });

    it('writes a BOM, ; separators and CRLF line ends', () => {
      expect(csvDocument(['nom', 'statut'], [['Élise Noël', 'Confirmé·e']])).toBe('\uFEFFnom;statut\r\nÉlise Noël;Confirmé·e\r\n');
    });
  });

  describe('identity cipher', () => {
    const cipher = (secret: string) => new AwarenessIdentityCipher(Object.assign(new AppConfig(), { APP_SECRET: secret }));
    const secret = 'a'.repeat(64);

    it('encrypts with a fresh IV and reads back; another key or an altered value reads as null', () => {
      const one = cipher(secret);
      const a = one.encrypt('X4RTBPFW4');
      const b = one.encrypt('X4RTBPFW4');
      expect(a).not.toBe(b);
      expect(a).not.toContain('X4RTBPFW4');
      expect(one.decrypt(a)).toBe('X4RTBPFW4');
      expect(cipher('b'.repeat(64)).decrypt(a)).toBeNull();
      const parts = a.split('.');
      parts[3] = Buffer.from('autre').toString('base64url');
      expect(one.decrypt(parts.join('.'))).toBeNull();
      expect(one.decrypt('not-a-value')).toBeNull();
    });
  });
});

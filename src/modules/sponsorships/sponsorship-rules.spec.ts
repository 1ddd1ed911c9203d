import { CheckInMilestone, SponsorshipStatus } from './sponsorship';
import {
  acceptsCheckIns,
  addDays,
  addMonths,
  allowedActions,
  checkInPiiFindings,
  checkInSchedule,
  creationDateErrors,
  endedOnErrors,
  heldOnErrors,
  nextStatus,
  retentionDay,
  retentionPercent,
} from './sponsorship-rules';

describe('sponsorship dates', () => {
  it('adds calendar days across months, years and the DST changes of France', () => {
    expect(addDays('2026-03-25', 7)).toBe('2026-04-01');
    expect(addDays('2026-10-22', 7)).toBe('2026-10-29');
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(addDays('2026-01-10', -365)).toBe('2025-01-10');
  });

  it('adds months keeping the day, or the last day of a shorter month (as PostgreSQL does)', () => {
    expect(addMonths('2026-01-15', 1)).toBe('2026-02-15');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-03-31', 3)).toBe('2026-06-30');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-07-15', 24)).toBe('2028-07-15');
  });

  it('schedules the check-ins at D+7, M+1, M+3 and M+6 from the start', () => {
    expect(checkInSchedule('2026-03-31')).toEqual([
      { milestone: CheckInMilestone.Day7, dueOn: '2026-04-07' },
      { milestone: CheckInMilestone.Month1, dueOn: '2026-04-30' },
      { milestone: CheckInMilestone.Month3, dueOn: '2026-06-30' },
      { milestone: CheckInMilestone.Month6, dueOn: '2026-09-30' },
    ]);
    expect(checkInSchedule('2026-10-20').map((c) => c.dueOn)).toEqual(['2026-10-27', '2026-11-20', '2027-01-20', '2027-04-20']);
  });

  it('measures retention on the M+6 day, the last check-in', () => {
    expect(retentionDay('2026-08-31')).toBe('2027-02-28');
    expect(retentionDay('2026-01-01')).toBe(checkInSchedule('2026-01-01').at(-1)!.dueOn);
  });
});

describe('sponsorship status rules', () => {
  it('pauses an active one, resumes a paused one, ends either, and nothing moves an ended one', () => {
    expect(nextStatus(SponsorshipStatus.Active, 'pause')).toBe(SponsorshipStatus.Paused);
    expect(nextStatus(SponsorshipStatus.Paused, 'resume')).toBe(SponsorshipStatus.Active);
    expect(nextStatus(SponsorshipStatus.Active, 'end')).toBe(SponsorshipStatus.Ended);
    expect(nextStatus(SponsorshipStatus.Paused, 'end')).toBe(SponsorshipStatus.Ended);
    expect(nextStatus(SponsorshipStatus.Active, 'resume')).toBeNull();
    expect(nextStatus(SponsorshipStatus.Paused, 'pause')).toBeNull();
    for (const action of ['pause', 'resume', 'end'] as const) expect(nextStatus(SponsorshipStatus.Ended, action)).toBeNull();
  });

  it('offers the actions the status allows, and check-ins until the end', () => {
    expect(allowedActions(SponsorshipStatus.Active)).toEqual(['pause', 'end']);
    expect(allowedActions(SponsorshipStatus.Paused)).toEqual(['resume', 'end']);
    expect(allowedActions(SponsorshipStatus.Ended)).toEqual([]);
    expect([SponsorshipStatus.Active, SponsorshipStatus.Paused, SponsorshipStatus.Ended].map(acceptsCheckIns)).toEqual([true, true, false]);
  });
});

describe('sponsorship validation', () => {
  const today = '2026-05-15';
  const valid = { startsOn: '2026-05-01', plannedEndOn: '2026-11-01', candidateAgreedOn: '2026-04-28' };

  it('accepts a start up to a year back or six months ahead, and an end between M+6 and two years', () => {
    expect(creationDateErrors(valid, today)).toEqual([]);
    expect(creationDateErrors({ ...valid, startsOn: '2025-05-15', plannedEndOn: '2025-11-15' }, today)).toEqual([]);
    expect(creationDateErrors({ ...valid, plannedEndOn: '2028-05-01' }, today)).toEqual([]);
  });

  it('names the field of each wrong date', () => {
    const fields = (values: typeof valid) => creationDateErrors(values, today).map((e) => e.field);
    expect(fields({ ...valid, startsOn: '2025-05-14', plannedEndOn: '2025-12-01' })).toEqual(['startsOn']);
    expect(fields({ ...valid, startsOn: '2026-11-12', plannedEndOn: '2027-06-01' })).toEqual(['startsOn']);
    expect(fields({ ...valid, plannedEndOn: '2026-10-31' })).toEqual(['plannedEndOn']);
    expect(fields({ ...valid, plannedEndOn: '2028-05-02' })).toEqual(['plannedEndOn']);
    expect(fields({ ...valid, candidateAgreedOn: '2026-05-16' })).toEqual(['candidateAgreedOn']);
    expect(creationDateErrors({ ...valid, plannedEndOn: '2026-10-31' }, today)[0].message).toContain('au plus tôt le 01/11/2026');
  });

  it('takes check-ins between the start and today, and ends not in the future nor before a past start', () => {
    expect(heldOnErrors('2026-05-15', '2026-05-01', today)).toEqual([]);
    expect(heldOnErrors('2026-05-16', '2026-05-01', today).map((e) => e.field)).toEqual(['heldOn']);
    expect(heldOnErrors('2026-04-30', '2026-05-01', today)[0].message).toContain('précède le début');
    expect(endedOnErrors('2026-05-15', '2026-05-01', today)).toEqual([]);
    expect(endedOnErrors('2026-05-16', '2026-05-01', today).map((e) => e.field)).toEqual(['endedOn']);
    expect(endedOnErrors('2026-04-30', '2026-05-01', today).map((e) => e.field)).toEqual(['endedOn']);
    // Ended before a start still to come: the sponsorship never began.
    expect(endedOnErrors('2026-05-15', '2026-06-01', today)).toEqual([]);
  });
});

describe('check-in PII guard', () => {
  it('flags names, phones and the establishment in the note and the next step, with the span of each', () => {
    const note = 'Kevin a appelé, joignable au 06 12 34 56 78.';
    const findings = checkInPiiFindings({ note, nextStep: 'Visite prévue à Vivonne le mois prochain.' }, ['Centre pénitentiaire de Poitiers-Vivonne', 'Vivonne']);
    expect(findings.map((f) => [f.field, f.kind])).toEqual([
      ['note', 'first_name'],
      ['note', 'phone'],
      ['nextStep', 'establishment'],
    ]);
    const phone = findings[1];
    expect(note.slice(phone.start, phone.end)).toBe(phone.excerpt);
    expect(phone.message).toMatch(/téléphone/i);
  });

  it('lets plain follow-up text and empty fields through', () => {
    expect(checkInPiiFindings({ note: 'Bonne intégration dans l’équipe ; horaires du matin difficiles au début.', nextStep: null }, [])).toEqual([]);
    expect(checkInPiiFindings({ note: null, nextStep: null }, [])).toEqual([]);
  });
});

describe('retention share', () => {
  it('rounds to a whole percentage and has none without a sponsorship old enough', () => {
    expect(retentionPercent(2, 3)).toBe(67);
    expect(retentionPercent(1, 3)).toBe(33);
    expect(retentionPercent(3, 3)).toBe(100);
    expect(retentionPercent(0, 0)).toBeNull();
  });
});

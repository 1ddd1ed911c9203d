import { MatrixExtension, row } from './authorization-matrix';

/** Upcoming half-days and a half-day's page: members of active employer organisations, the organiser's coordination (other coordinators: theirs only), admins (counts). */
const READ = row('login', 'ok', 'ok', { employerPending: 'forbidden', counsellor: 'forbidden', counsellorOther: 'forbidden' });
/** Employers of an active employer organisation: their registrations, registering. */
const EMPLOYER = row('login', 'forbidden', 'forbidden', { employer: 'ok', employerOther: 'ok' });
/** One attendee of the "employer" caller's organisation: that organisation; others do not learn it exists. */
const EMPLOYER_ATTENDEE = row('login', 'forbidden', 'forbidden', { employer: 'ok', employerOther: 'hidden' });
/** Creating, changing, cancelling, identities, export, attendance: the organiser organisation's coordinators; admins never. */
const ORGANISER = row('login', 'forbidden', 'forbidden', { coordinator: 'ok' });
/** Cancelling one attendee: their organisation or the organiser's coordination. */
const CANCEL_ATTENDEE = row('login', 'forbidden', 'forbidden', { employer: 'ok', employerOther: 'hidden', coordinator: 'ok' });
/** The coordination pages' list and overview: coordinators and admins. */
const COORDINATION_READ = row('login', 'forbidden', 'ok');
/** A certificate, page side: the attendee's organisation, or the organiser's coordination. */
const CERTIFICATE_EMPLOYER = EMPLOYER_ATTENDEE;

/** awareness-days: who may call what (see authorization-matrix.ts). */
export const AWARENESS_DAYS_MATRIX: MatrixExtension = {
  routes: {
    'GET /api/awareness-days': READ,
    'GET /api/awareness-days/registrations': EMPLOYER,
    'POST /api/awareness-days': ORGANISER,
    'GET /api/awareness-days/:id': READ,
    'PATCH /api/awareness-days/:id': ORGANISER,
    'POST /api/awareness-days/:id/cancel': ORGANISER,
    'POST /api/awareness-days/:id/registrations': EMPLOYER,
    'GET /api/awareness-days/:id/attendees': ORGANISER,
    'GET /api/awareness-days/:id/export.csv': ORGANISER,
    'POST /api/awareness-days/:id/attendees/:attendeeId/cancel': CANCEL_ATTENDEE,
    'POST /api/awareness-days/:id/attendees/:attendeeId/attendance': ORGANISER,

    'GET /organisation/demi-journees': EMPLOYER,
    'GET /organisation/demi-journees/:id': EMPLOYER,
    'POST /organisation/demi-journees/:id/inscription': EMPLOYER,
    'POST /organisation/demi-journees/:id/participants/:attendeeId/annulation': EMPLOYER_ATTENDEE,
    'GET /organisation/demi-journees/:id/attestations/:attendeeId': CERTIFICATE_EMPLOYER,

    'GET /coordination/demi-journees': COORDINATION_READ,
    'GET /coordination/demi-journees/nouvelle': ORGANISER,
    'POST /coordination/demi-journees': ORGANISER,
    'GET /coordination/demi-journees/:id': COORDINATION_READ,
    'GET /coordination/demi-journees/:id/modifier': ORGANISER,
    'POST /coordination/demi-journees/:id': ORGANISER,
    'POST /coordination/demi-journees/:id/annulation': ORGANISER,
    'POST /coordination/demi-journees/:id/participants/:attendeeId/annulation': ORGANISER,
    'GET /coordination/demi-journees/:id/liste': ORGANISER,
    'GET /coordination/demi-journees/:id/export.csv': ORGANISER,
    'GET /coordination/demi-journees/:id/presences': ORGANISER,
    'POST /coordination/demi-journees/:id/presences/:attendeeId': ORGANISER,
    'GET /coordination/demi-journees/:id/attestations/:attendeeId': ORGANISER,
  },
  // Cancelling a half-day is called on one of its own, so that the other routes keep a published one whatever the order.
  objects: [
    { pattern: /^\/(api\/awareness-days\/:id\/cancel|coordination\/demi-journees\/:id\/annulation)$/, param: ':awarenessDayToCancel' },
    { pattern: /^\/(api\/awareness-days|organisation\/demi-journees|coordination\/demi-journees)\/:id/, param: ':awarenessDay' },
  ],
  /** Half-days organised by the "coordinator" caller's organisation; one registration of the "employer" caller's organisation with one attendee. */
  fixtures: async ({ ds, coordinatorOrganisationId, employerOrganisationId, userIdOf }) => {
    const day = async (title: string) =>
      (
        await ds.query(
          `INSERT INTO awareness_days (organiser_organisation_id, establishment_code, title, starts_at, ends_at, capacity, registration_closes_at)
           VALUES ($1, 'CP POITIERS VIVONNE', $2, now() + interval '30 days', now() + interval '30 days 3 hours', 10, now() + interval '15 days') RETURNING id`,
          [coordinatorOrganisationId, title],
        )
      )[0].id as string;
    const awarenessDay = await day('Demi-journée de la matrice');
    const toCancel = await day('Demi-journée à annuler');
    const employerId = await userIdOf('employer');
    const [registration] = await ds.query(`INSERT INTO awareness_registrations (awareness_day_id, organisation_id, registered_by) VALUES ($1, $2, $3) RETURNING id`, [
      awarenessDay,
      employerOrganisationId,
      employerId,
    ]);
    const [attendee] = await ds.query(
      `INSERT INTO awareness_attendees (registration_id, awareness_day_id, ordinal, status, full_name, birth_date, document_type, document_number_enc)
       VALUES ($1, $2, 1, 'confirmed', 'Personne Matrice', '1980-01-01', 'passeport', 'v1.x.y.z') RETURNING id`,
      [registration.id, awarenessDay],
    );
    return { ':awarenessDay': awarenessDay, ':awarenessDayToCancel': toCancel, ':attendeeId': attendee.id };
  },
};

/**
 * Who may call what: every route of the application × every kind of caller. The matrix test fails when
 * a route has no line here (a new route must say who may use it) or a line names a route that is gone.
 *
 * Outcomes, as the caller sees them:
 * - ok        passed authorisation (any answer but 401/403; a 400 for the empty body the test sends is fine)
 * - login     not signed in: 401 for the API, a redirect to /connexion for pages
 * - forbidden 403
 * - hidden    404: the object exists but is not the caller's, so its existence is not revealed
 * - absent    404 for everyone (a demo-only page outside demo mode)
 */
export type Outcome = 'ok' | 'login' | 'forbidden' | 'hidden' | 'absent';

export const CALLERS = [
  'anonymous',
  'employer',
  'employerPending',
  'employerOther',
  'counsellor',
  'counsellorOther',
  'coordinator',
  'admin',
] as const;
export type Caller = (typeof CALLERS)[number];
export type Row = Record<Caller, Outcome>;

/** What the matrix test gives a feature's fixtures: the callers' organisations and shared objects. */
export interface MatrixFixtureContext {
  ds: import('typeorm').DataSource;
  employerOrganisationId: string;
  counsellorOrganisationId: string;
  coordinatorOrganisationId: string;
  programmeId: string;
  /** A draft profile and a published one (with consent) of the "counsellor" caller's organisation. */
  profileId: string;
  publishedProfileId: string;
  /** The user id of a signed-in caller. */
  userIdOf(caller: Exclude<Caller, 'anonymous'>): Promise<string>;
}

/**
 * A feature's own lines of the matrix (tests/e2e/authorization-matrix.<feature>.ts): its routes, the objects its
 * paths name and the bodies that pass validation. `objects` maps a path pattern to the fixture parameter `:id`
 * stands for in it; any other `:name` in a path is filled from the parameters `fixtures` returns (e.g. `:roomId`).
 */
export interface MatrixExtension {
  routes: Record<string, Row>;
  objects?: { pattern: RegExp; param: string }[];
  fixtures?: (ctx: MatrixFixtureContext) => Promise<Record<string, string>>;
  bodies?: Record<string, object>;
}

export const row = (anonymous: Outcome, signedIn: Outcome, staff: Outcome = signedIn, overrides: Partial<Row> = {}): Row => ({
  anonymous,
  employer: signedIn,
  employerPending: signedIn,
  employerOther: signedIn,
  counsellor: signedIn,
  counsellorOther: signedIn,
  coordinator: staff,
  admin: staff,
  ...overrides,
});

/** Open to everyone, signed in or not. */
export const PUBLIC = row('ok', 'ok');
/** Any signed-in user. */
export const SIGNED_IN = row('login', 'ok');
/** Coordinators and admins only. */
export const STAFF = row('login', 'forbidden', 'ok');
/** Members of an organisation, about their own; an admin has none. */
export const MEMBER = row('login', 'ok', 'ok', { admin: 'hidden' });
/** Employer settings: owners of employer organisations (partners have none). */
export const EMPLOYER_SETTINGS = row('login', 'ok', 'forbidden', { counsellor: 'forbidden', counsellorOther: 'forbidden', admin: 'hidden' });
/** Creating profiles (and the pages that list one's caseload): partner staff, not admins. */
const PROFILE_CREATE = row('login', 'forbidden', 'ok', { counsellor: 'ok', counsellorOther: 'ok', admin: 'forbidden' });
/**
 * A profile, read: its owner organisation's staff, coordinators of a programme the owner organisation belongs to
 * (the coordinator caller's organisation shares one with the counsellor's), and admins; other organisations do
 * not learn it exists.
 */
const PROFILE_READ = row('login', 'forbidden', 'ok', { counsellor: 'ok', counsellorOther: 'hidden' });
/** A profile, changed: its owner organisation's staff only; a programme coordinator who can read it is told it is read only. */
const PROFILE_WRITE = row('login', 'forbidden', 'forbidden', { counsellor: 'ok', counsellorOther: 'hidden' });
/** The profile page: partner staff who can read the profile (admins have no caseload pages). */
const PROFILE_PAGE = row('login', 'forbidden', 'ok', { counsellor: 'ok', counsellorOther: 'hidden', admin: 'forbidden' });
/** Admins only: programmes are set up by the operator. */
export const ADMIN_ONLY = row('login', 'forbidden', 'forbidden', { admin: 'ok' });
/** Published profiles as employers see them: active employer organisations and staff, never partners' counsellors. */
export const EMPLOYER_VIEW = row('login', 'forbidden', 'ok', { employer: 'ok', employerOther: 'ok' });
/**
 * An introduction, read or moved by either of its sides: the employer organisation (the "employer" caller's) and
 * the partner organisation owning the profile (the "counsellor" caller's); other organisations do not learn it
 * exists, and coordinators of a shared programme do not see it.
 */
const INTRODUCTION_SIDES = row('login', 'hidden', 'hidden', { employer: 'ok', employerPending: 'forbidden', counsellor: 'ok', admin: 'forbidden' });
/** Moves only the counsellor makes (introduce, meeting, outcome), and the counsellor's pages of an introduction. */
const INTRODUCTION_PARTNER = row('login', 'forbidden', 'hidden', { counsellor: 'ok', counsellorOther: 'hidden', admin: 'forbidden' });
/** The employer's pages of an introduction. */
const INTRODUCTION_EMPLOYER = row('login', 'forbidden', 'forbidden', { employer: 'ok', employerOther: 'hidden' });
/** Lists, forms and creation, one side each: employers of an active employer organisation, or partner staff. */
export const INTRODUCTION_EMPLOYER_PAGES = row('login', 'forbidden', 'forbidden', { employer: 'ok', employerOther: 'ok' });
export const INTRODUCTION_PARTNER_PAGES = row('login', 'forbidden', 'ok', { counsellor: 'ok', counsellorOther: 'ok', admin: 'forbidden' });

/** A sponsorship of the "employer" caller's organisation for a profile of the "counsellor" caller's organisation. */
const SPONSORSHIP_READ = row('login', 'hidden', 'ok', { employer: 'ok', employerPending: 'forbidden', counsellor: 'ok' });
const SPONSORSHIP_WRITE = row('login', 'hidden', 'forbidden', { employer: 'ok', employerPending: 'forbidden', counsellor: 'ok' });
const SPONSORSHIP_EMPLOYER = row('login', 'forbidden', 'forbidden', { employer: 'ok', employerOther: 'hidden' });
const SPONSORSHIP_PARTNER_READ = row('login', 'forbidden', 'ok', { counsellor: 'ok', counsellorOther: 'hidden', admin: 'forbidden' });
const SPONSORSHIP_PARTNER_WRITE = row('login', 'forbidden', 'forbidden', { counsellor: 'ok', counsellorOther: 'hidden' });

/** Demo-only pages: absent outside demo mode, for everyone. */
export const DEMO_ONLY = row('absent', 'absent');

export const MATRIX: Record<string, Row> = {
  'GET /': PUBLIC,
  'GET /api/health': PUBLIC,
  'GET /api/ready': PUBLIC,

  // Accounts
  'GET /api/auth/session': PUBLIC,
  'GET /api/auth/me': SIGNED_IN,
  'POST /api/auth/login': PUBLIC,
  // Signing out is idempotent: without a session it just answers that there is none.
  'POST /api/auth/logout': PUBLIC,
  'POST /api/auth/signup': PUBLIC,
  'POST /api/auth/verify-email': PUBLIC,
  'POST /api/auth/verify-email/resend': PUBLIC,
  'POST /api/auth/password-reset/request': PUBLIC,
  'POST /api/auth/password-reset/confirm': PUBLIC,
  'POST /api/auth/me/password': SIGNED_IN,
  'GET /connexion': PUBLIC,
  'POST /connexion': PUBLIC,
  'POST /deconnexion': PUBLIC,
  'GET /inscription': PUBLIC,
  'POST /inscription': PUBLIC,
  'GET /verifier-email': PUBLIC,
  'POST /verifier-email/renvoyer': PUBLIC,
  'GET /mot-de-passe-oublie': PUBLIC,
  'POST /mot-de-passe-oublie': PUBLIC,
  'GET /reinitialiser-mot-de-passe': PUBLIC,
  'POST /reinitialiser-mot-de-passe': PUBLIC,
  // The invitation link's page: the signed token is the credential.
  'GET /invitation': PUBLIC,
  'POST /invitation': PUBLIC,
  'GET /compte': SIGNED_IN,
  'POST /compte/mot-de-passe': SIGNED_IN,

  // Organisation review
  'GET /api/organisations': STAFF,
  'GET /api/organisations/:id': STAFF,
  'POST /api/organisations/:id/approve': STAFF,
  'POST /api/organisations/:id/refuse': STAFF,
  'POST /api/organisations/:id/suspend': STAFF,
  'POST /api/organisations/:id/reinstate': STAFF,
  'GET /coordination/organisations': STAFF,
  'GET /coordination/organisations/:id': STAFF,
  'POST /coordination/organisations/:id/valider': STAFF,
  'POST /coordination/organisations/:id/refuser': STAFF,
  'POST /coordination/organisations/:id/suspendre': STAFF,
  'POST /coordination/organisations/:id/retablir': STAFF,

  // The caller's own organisation (every test caller with an organisation is its owner; admins have none).
  'GET /api/organisations/mine': MEMBER,
  'PATCH /api/organisations/mine': MEMBER,
  'GET /api/organisations/mine/members': MEMBER,
  'POST /api/organisations/mine/charter': MEMBER,
  'PATCH /api/organisations/mine/settings': EMPLOYER_SETTINGS,
  'GET /organisation': MEMBER,
  'POST /organisation/profil': MEMBER,
  'POST /organisation/charte': MEMBER,
  'POST /organisation/reglages': EMPLOYER_SETTINGS,
  // Its team: every caller with an organisation owns it, so may invite (admins have none). A member named by
  // :userId belongs to the "employer" caller's organisation (a fresh one per call, see the spec): for every
  // other organisation it does not exist.
  'POST /api/organisations/mine/invitations': MEMBER,
  'PATCH /api/organisations/mine/members/:userId': row('login', 'hidden', 'hidden', { employer: 'ok' }),
  'DELETE /api/organisations/mine/members/:userId': row('login', 'hidden', 'hidden', { employer: 'ok' }),
  'POST /organisation/membres': MEMBER,
  'POST /organisation/membres/:userId/role': row('login', 'hidden', 'hidden', { employer: 'ok' }),
  'POST /organisation/membres/:userId/retirer': row('login', 'hidden', 'hidden', { employer: 'ok' }),

  // Reference data: open data
  'GET /api/occupations': PUBLIC,
  'GET /api/occupations/:code': PUBLIC,
  'GET /api/communes': PUBLIC,
  'GET /api/basins': PUBLIC,
  'GET /api/basins/:code': PUBLIC,
  'GET /api/basins/:code/needs': PUBLIC,
  'GET /api/basins/:code/needs/:rome': PUBLIC,
  'GET /api/establishments': PUBLIC,
  'GET /metiers': PUBLIC,
  'GET /metiers/:code': PUBLIC,
  'GET /bassins': PUBLIC,
  'GET /bassins/:code': PUBLIC,
  'GET /bassins/:code/besoins': PUBLIC,
  'GET /bassins/:code/metiers': PUBLIC,
  'GET /bassins/:code/metiers/:rome': PUBLIC,

  // FAP ↔ ROME crosswalk: read by any signed-in user, decided by staff
  'GET /api/fap-rome-links': SIGNED_IN,
  'GET /api/fap-rome-links/suggestions': STAFF,
  'POST /api/fap-rome-links': STAFF,
  'POST /api/fap-rome-links/reject': STAFF,
  'GET /coordination/correspondances': STAFF,
  'POST /coordination/correspondances/confirmer': STAFF,
  'POST /coordination/correspondances/ecarter': STAFF,

  // Employer needs: an active employer organisation's members manage their own; staff read them.
  // Object routes are called on a need of the "employer" caller's organisation.
  'GET /api/employer-needs': row('login', 'forbidden', 'ok', { employer: 'ok', employerOther: 'ok' }),
  'POST /api/employer-needs': row('login', 'forbidden', 'forbidden', { employer: 'ok', employerOther: 'ok' }),
  'GET /api/employer-needs/:id': row('login', 'forbidden', 'ok', { employer: 'ok', employerOther: 'hidden' }),
  'PATCH /api/employer-needs/:id': row('login', 'forbidden', 'forbidden', { employer: 'ok', employerOther: 'hidden' }),
  'POST /api/employer-needs/:id/publish': row('login', 'forbidden', 'forbidden', { employer: 'ok', employerOther: 'hidden' }),
  'POST /api/employer-needs/:id/close': row('login', 'forbidden', 'forbidden', { employer: 'ok', employerOther: 'hidden' }),
  'POST /api/employer-needs/:id/confirm': row('login', 'forbidden', 'forbidden', { employer: 'ok', employerOther: 'hidden' }),
  'GET /api/employer-needs/:id/matches': row('login', 'forbidden', 'ok', { employer: 'ok', employerOther: 'hidden' }),

  // Needs pages: an active employer organisation's members; a pending one gets the reason (403).
  'GET /organisation/besoins': row('login', 'forbidden', 'forbidden', { employer: 'ok', employerOther: 'ok' }),
  'GET /organisation/besoins/nouveau': row('login', 'forbidden', 'forbidden', { employer: 'ok', employerOther: 'ok' }),
  'POST /organisation/besoins': row('login', 'forbidden', 'forbidden', { employer: 'ok', employerOther: 'ok' }),
  'GET /organisation/besoins/:id': row('login', 'forbidden', 'forbidden', { employer: 'ok', employerOther: 'hidden' }),
  'POST /organisation/besoins/:id': row('login', 'forbidden', 'forbidden', { employer: 'ok', employerOther: 'hidden' }),
  'POST /organisation/besoins/:id/publier': row('login', 'forbidden', 'forbidden', { employer: 'ok', employerOther: 'hidden' }),
  'POST /organisation/besoins/:id/clore': row('login', 'forbidden', 'forbidden', { employer: 'ok', employerOther: 'hidden' }),
  'POST /organisation/besoins/:id/confirmer': row('login', 'forbidden', 'forbidden', { employer: 'ok', employerOther: 'hidden' }),
  'GET /organisation/besoins/:id/candidats': row('login', 'forbidden', 'forbidden', { employer: 'ok', employerOther: 'hidden' }),

  // Candidate profiles (counsellor side): partner staff manage their organisation's profiles, coordinators of
  // a shared programme and admins read; employers never reach them here. Object routes are called on a profile
  // of the "counsellor" caller's organisation; the coordinator belongs to another partner organisation of the
  // same programme.
  'GET /api/candidate-profiles': row('login', 'forbidden', 'ok', { counsellor: 'ok', counsellorOther: 'ok' }),
  'POST /api/candidate-profiles': PROFILE_CREATE,
  'GET /api/candidate-profiles/:id': PROFILE_READ,
  'GET /api/candidate-profiles/:id/pii-check': PROFILE_READ,
  'PATCH /api/candidate-profiles/:id': PROFILE_WRITE,
  'POST /api/candidate-profiles/:id/consents': PROFILE_WRITE,
  'POST /api/candidate-profiles/:id/consents/revoke': PROFILE_WRITE,
  'POST /api/candidate-profiles/:id/publish': PROFILE_WRITE,
  'POST /api/candidate-profiles/:id/pause': PROFILE_WRITE,
  'POST /api/candidate-profiles/:id/resume': PROFILE_WRITE,
  'POST /api/candidate-profiles/:id/placed': PROFILE_WRITE,
  'POST /api/candidate-profiles/:id/archive': PROFILE_WRITE,
  // The matrix sends another profile's code: the owner's request is a 400 and never erases the fixture.
  'POST /api/candidate-profiles/:id/erase': PROFILE_WRITE,
  'GET /api/candidate-profiles/:id/matches': PROFILE_READ,

  // Counsellor pages: caseload and editor, same rules as the API.
  'GET /conseil/profils': PROFILE_CREATE,
  'GET /conseil/profils/nouveau': PROFILE_CREATE,
  'POST /conseil/profils': PROFILE_CREATE,
  'GET /conseil/profils/:id': PROFILE_PAGE,
  'POST /conseil/profils/:id': PROFILE_WRITE,
  'POST /conseil/profils/:id/publier': PROFILE_WRITE,
  'POST /conseil/profils/:id/reprendre': PROFILE_WRITE,
  'POST /conseil/profils/:id/pause': PROFILE_WRITE,
  'POST /conseil/profils/:id/placer': PROFILE_WRITE,
  'POST /conseil/profils/:id/archiver': PROFILE_WRITE,
  'POST /conseil/profils/:id/consentement': PROFILE_WRITE,
  'POST /conseil/profils/:id/consentement/revoquer': PROFILE_WRITE,
  'GET /conseil/profils/:id/correspondances': PROFILE_PAGE,

  // The employer view of published profiles: active employer organisations, and staff to preview it.
  // `:code` is the pseudonymous code of a published profile.
  'GET /api/profiles': EMPLOYER_VIEW,
  'GET /api/profiles/:code': EMPLOYER_VIEW,
  // Candidate search (Meilisearch): the same readers as the employer view.
  'GET /api/profile-search': EMPLOYER_VIEW,
  // Candidate search pages: the same readers; a pending employer organisation gets the reason page (403).
  'GET /profils': EMPLOYER_VIEW,
  'GET /profils/:code': EMPLOYER_VIEW,
  'GET /api/profiles-anonymity': STAFF,
  'GET /coordination/anonymat': STAFF,
  // "Suggested for you": employers of an active organisation, from their own needs.
  'GET /api/suggestions': row('login', 'forbidden', 'forbidden', { employer: 'ok', employerOther: 'ok' }),

  // Programmes: admins set them up; coordinators read those of their organisation (the coordinator caller's
  // organisation belongs to the `:id` programme). `:organisationId` is an organisation outside the callers'.
  'GET /api/programmes': STAFF,
  'POST /api/programmes': ADMIN_ONLY,
  'GET /api/programmes/:id': STAFF,
  'PATCH /api/programmes/:id': ADMIN_ONLY,
  'PUT /api/programmes/:id/members/:organisationId': ADMIN_ONLY,
  'DELETE /api/programmes/:id/members/:organisationId': ADMIN_ONLY,
  'GET /coordination/programmes': STAFF,
  'POST /coordination/programmes': ADMIN_ONLY,
  'GET /coordination/programmes/:id': STAFF,
  'POST /coordination/programmes/:id/membres': ADMIN_ONLY,
  'POST /coordination/programmes/:id/membres/:organisationId/retirer': ADMIN_ONLY,

  // Introductions (mises en relation). Object routes are called on a request of the "employer" caller's organisation
  // for the published profile of the "counsellor" caller's organisation.
  'GET /api/introductions': row('login', 'ok', 'ok', { employerPending: 'forbidden', admin: 'forbidden' }),
  'POST /api/introductions': INTRODUCTION_EMPLOYER_PAGES,
  'POST /api/introductions/proposals': INTRODUCTION_PARTNER_PAGES,
  'GET /api/introductions/:id': INTRODUCTION_SIDES,
  'POST /api/introductions/:id/accept': INTRODUCTION_SIDES,
  'POST /api/introductions/:id/decline': INTRODUCTION_SIDES,
  'POST /api/introductions/:id/withdraw': INTRODUCTION_SIDES,
  'POST /api/introductions/:id/introduce': INTRODUCTION_PARTNER,
  'POST /api/introductions/:id/meeting': INTRODUCTION_PARTNER,
  'POST /api/introductions/:id/outcome': INTRODUCTION_PARTNER,
  'GET /organisation/mises-en-relation': INTRODUCTION_EMPLOYER_PAGES,
  'GET /organisation/mises-en-relation/nouvelle': INTRODUCTION_EMPLOYER_PAGES,
  'POST /organisation/mises-en-relation': INTRODUCTION_EMPLOYER_PAGES,
  'GET /organisation/mises-en-relation/:id': INTRODUCTION_EMPLOYER,
  'POST /organisation/mises-en-relation/:id/accepter': INTRODUCTION_EMPLOYER,
  'POST /organisation/mises-en-relation/:id/decliner': INTRODUCTION_EMPLOYER,
  'POST /organisation/mises-en-relation/:id/retirer': INTRODUCTION_EMPLOYER,
  'GET /conseil/mises-en-relation': INTRODUCTION_PARTNER_PAGES,
  'GET /conseil/mises-en-relation/proposer': INTRODUCTION_PARTNER_PAGES,
  'POST /conseil/mises-en-relation/propositions': INTRODUCTION_PARTNER_PAGES,
  'GET /conseil/mises-en-relation/:id': INTRODUCTION_PARTNER,
  'POST /conseil/mises-en-relation/:id/accepter': INTRODUCTION_PARTNER,
  'POST /conseil/mises-en-relation/:id/decliner': INTRODUCTION_PARTNER,
  'POST /conseil/mises-en-relation/:id/mise-en-relation': INTRODUCTION_PARTNER,
  'POST /conseil/mises-en-relation/:id/rencontre': INTRODUCTION_PARTNER,
  'POST /conseil/mises-en-relation/:id/issue': INTRODUCTION_PARTNER,
  'POST /conseil/mises-en-relation/:id/retirer': INTRODUCTION_PARTNER,
  // Sponsorships (parrainages).
  'GET /api/sponsorships': row('login', 'ok', 'ok', { employerPending: 'forbidden' }),
  'POST /api/sponsorships': INTRODUCTION_PARTNER_PAGES,
  'GET /api/sponsorships/retention': STAFF,
  'GET /api/sponsorships/:id': SPONSORSHIP_READ,
  'POST /api/sponsorships/:id/pause': SPONSORSHIP_WRITE,
  'POST /api/sponsorships/:id/resume': SPONSORSHIP_WRITE,
  'POST /api/sponsorships/:id/end': SPONSORSHIP_WRITE,
  'POST /api/sponsorships/:id/check-ins/:checkInId': SPONSORSHIP_WRITE,
  'GET /organisation/parrainages': INTRODUCTION_EMPLOYER_PAGES,
  'GET /organisation/parrainages/:id': SPONSORSHIP_EMPLOYER,
  'POST /organisation/parrainages/:id/points': SPONSORSHIP_EMPLOYER,
  'POST /organisation/parrainages/:id/pause': SPONSORSHIP_EMPLOYER,
  'POST /organisation/parrainages/:id/reprise': SPONSORSHIP_EMPLOYER,
  'POST /organisation/parrainages/:id/fin': SPONSORSHIP_EMPLOYER,
  'GET /conseil/parrainages': INTRODUCTION_PARTNER_PAGES,
  'GET /conseil/parrainages/nouveau': INTRODUCTION_PARTNER_PAGES,
  'POST /conseil/parrainages': INTRODUCTION_PARTNER_PAGES,
  'GET /conseil/parrainages/:id': SPONSORSHIP_PARTNER_READ,
  'POST /conseil/parrainages/:id/points': SPONSORSHIP_PARTNER_WRITE,
  'POST /conseil/parrainages/:id/pause': SPONSORSHIP_PARTNER_WRITE,
  'POST /conseil/parrainages/:id/reprise': SPONSORSHIP_PARTNER_WRITE,
  'POST /conseil/parrainages/:id/fin': SPONSORSHIP_PARTNER_WRITE,
  'GET /coordination/parrainages': STAFF,
  'GET /coordination/parrainages/:id': STAFF,
  'GET /dev/mails': DEMO_ONLY,
  'GET /dev/mails/:id': DEMO_ONLY,
  // Account: e-mail preferences
  'GET /api/auth/me/email-preferences': SIGNED_IN,
  'PUT /api/auth/me/email-preferences': SIGNED_IN,
  'POST /compte/notifications': SIGNED_IN,
  // E-mail outbox monitor: admins only
  'GET /api/admin/email-deliveries': ADMIN_ONLY,
  'POST /api/admin/email-deliveries/:outboxId/retry': ADMIN_ONLY,
  'GET /api/admin/email-suppressions': ADMIN_ONLY,
  'DELETE /api/admin/email-suppressions/:id': ADMIN_ONLY,
  'GET /admin/e-mails': ADMIN_ONLY,
  'POST /admin/e-mails/:outboxId/relancer': ADMIN_ONLY,
  'GET /admin/e-mails/adresses-bloquees': ADMIN_ONLY,
  'POST /admin/e-mails/adresses-bloquees/:id/debloquer': ADMIN_ONLY,
};

import type { OrganisationKind, OrganisationStatus } from '../../modules/organisations/organisation.entity';
import type { Role } from '../../modules/users/user.entity';

/** What a request knows about the signed-in user: ids and roles, loaded fresh on every request. */
export interface AuthUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organisationId: string | null;
  organisationName: string | null;
  organisationKind: OrganisationKind | null;
  organisationStatus: OrganisationStatus | null;
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthUser;
    sessionId?: string;
    csrfToken?: string;
    /** Set when Redis could not be asked about the session cookie: guarded routes answer 503, not 401. */
    sessionStoreDown?: boolean;
  }
}

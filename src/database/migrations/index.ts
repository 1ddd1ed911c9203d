import { Foundation1763900000000 } from './1763900000000-Foundation';
import { ReferenceData1764000000000 } from './1764000000000-ReferenceData';
import { EmployerNeeds1764100000000 } from './1764100000000-EmployerNeeds';
import { OrganisationProfile1764200000000 } from './1764200000000-OrganisationProfile';
import { AuditTrail1764300000000 } from './1764300000000-AuditTrail';
import { CandidateProfiles1764400000000 } from './1764400000000-CandidateProfiles';
import { StaleNeeds1764500000000 } from './1764500000000-StaleNeeds';
import { Programmes1764600000000 } from './1764600000000-Programmes';
import { ProfileSearch1764700000000 } from './1764700000000-ProfileSearch';
import { Introductions1764800000000 } from './1764800000000-Introductions';
import { EmailReliability1764900000000 } from './1764900000000-EmailReliability';
import { Sponsorships1765000000000 } from './1765000000000-Sponsorships';
import { Sessions1765100000000 } from './1765100000000-Sessions';
import { AwarenessDays1765200000000 } from './1765200000000-AwarenessDays';
import { RecruitmentSessions1765300000000 } from './1765300000000-RecruitmentSessions';
import { SessionDebriefs1765400000000 } from './1765400000000-SessionDebriefs';
import { IntroductionOutcomeReminder1765500000000 } from './1765500000000-IntroductionOutcomeReminder';

/** Every migration, in order. Listed explicitly so the app, the CLI and the tests load the same classes. */
export const MIGRATIONS = [Foundation1763900000000, ReferenceData1764000000000, EmployerNeeds1764100000000, OrganisationProfile1764200000000, AuditTrail1764300000000, CandidateProfiles1764400000000, StaleNeeds1764500000000, Programmes1764600000000, ProfileSearch1764700000000, Introductions1764800000000, EmailReliability1764900000000, Sponsorships1765000000000, Sessions1765100000000, AwarenessDays1765200000000, RecruitmentSessions1765300000000, SessionDebriefs1765400000000, IntroductionOutcomeReminder1765500000000];

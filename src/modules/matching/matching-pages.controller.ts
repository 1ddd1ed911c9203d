import { Controller, Get, Param, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ID_PARAM } from '../../common/http/id-param';
import { ActivePartnerGuard } from '../candidates/active-partner.guard';
import { EmployerProfileDto } from '../candidates/employer-view.mapper';
import { EmployerNeedStatus } from '../employer-needs/employer-need';
import { Role } from '../users/user.entity';
import { DEFAULT_MATCHES, MatchReasonDto, NeedSummaryDto } from './dto/matching.dto';
import { MatchingService } from './matching.service';

const frenchDate = (date: string) => date.split('-').reverse().join('/');

/** The need's start window in words. */
function startWindow(need: Pick<NeedSummaryDto, 'startFrom' | 'startUntil'>): string {
  if (need.startFrom && need.startUntil) return need.startFrom === need.startUntil ? `le ${frenchDate(need.startFrom)}` : `du ${frenchDate(need.startFrom)} au ${frenchDate(need.startUntil)}`;
  if (need.startFrom) return `à partir du ${frenchDate(need.startFrom)}`;
  return 'non renseigné';
}

/** Reasons as the pages list them: those that add points, then those that explain a zero. */
function reasonLines(reasons: MatchReasonDto[]) {
  return reasons.map((r) => ({ label: r.label, points: r.points.toLocaleString('fr-FR'), scored: r.points > 0 }));
}

/** What a page shows of a proposed profile: its employer view, flattened for the template. */
function profileCard(profile: EmployerProfileDto) {
  return {
    code: profile.code,
    project: profile.project,
    occupations: profile.targetOccupations.map((o) => `${o.label} (${o.romeCode})`),
    basins: profile.targetBasins.map((b) => b.name),
    releaseSemester: profile.releaseSemester,
    ageBand: profile.ageBand,
    adjustment: profile.sentenceAdjustment.possible ? profile.sentenceAdjustment.kinds.map((k) => k.label).join(', ') : null,
    skills: profile.skills,
    trainings: profile.trainings.map((t) => `${t.title}${t.level ? ` (niveau ${t.level})` : ''} — ${t.statusLabel}`),
    languages: profile.languages,
    licences: profile.mobility.licences.map((l) => l.replace('_', ' ')),
    soughtSolutions: profile.soughtSolutions.map((s) => s.label),
    availability: profile.availability,
  };
}

/** "Employeurs à contacter" for a profile: the needs and organisations it may be proposed, with reasons. */
@ApiExcludeController()
@Controller('conseil/profils')
@Roles(Role.Counsellor, Role.Coordinator)
@UseGuards(ActivePartnerGuard)
export class ProfileMatchesPagesController {
  constructor(private readonly matching: MatchingService) {}

  @Get(':id/correspondances')
  async matches(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Res() res: Response): Promise<void> {
    const result = await this.matching.matchesForProfile(user, id, DEFAULT_MATCHES);
    res.render('pages/matching/profile-matches', {
      title: `Employeurs à contacter — ${result.profileCode}`,
      styles: ['/static/css/candidates.css'],
      profile: { id: result.profileId, code: result.profileCode },
      organisations: result.organisations,
      needs: result.needs.map((match) => ({ ...match, window: startWindow(match.need), reasons: reasonLines(match.reasons) })),
    });
  }
}

/** Profiles for one of the organisation's needs: the employer view, ranked, with reasons. Every list shown is audited. */
@ApiExcludeController()
@Controller('organisation/besoins')
@Roles(Role.Employer)
export class NeedCandidatesPagesController {
  constructor(private readonly matching: MatchingService) {}

  @Get(':id/candidats')
  async candidates(@CurrentUser() user: AuthUser, @Param('id', ID_PARAM) id: string, @Res() res: Response): Promise<void> {
    const result = await this.matching.matchesForNeed(user, id, DEFAULT_MATCHES);
    res.render('pages/matching/need-candidates', {
      title: `Profils pour : ${result.need.romeLabel}`,
      styles: ['/static/css/employer-needs.css'],
      need: result.need,
      published: result.need.status === EmployerNeedStatus.Published,
      profiles: result.profiles.map((match) => ({ score: match.score, reasons: reasonLines(match.reasons), profile: profileCard(match.profile) })),
    });
  }
}

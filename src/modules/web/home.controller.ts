import { Controller, Get, Logger, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../common/auth/decorators';
import { toMe } from '../auth/dto/session.dto';
import { DomainException } from '../../common/http/problem';
import { SuggestionsDto } from '../matching/dto/matching.dto';
import { EmailMonitorService } from '../email-monitor/email-monitor.service';
import { MatchingService } from '../matching/matching.service';
import { EMPLOYER_KINDS, OrganisationStatus } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import { Role } from '../users/user.entity';

/** Profiles suggested on an employer's home page. */
const HOME_SUGGESTIONS = 5;

@ApiExcludeController()
@Controller()
export class HomeController {
  private readonly logger = new Logger(HomeController.name);

  constructor(
    private readonly organisations: OrganisationsService,
    private readonly matching: MatchingService,
    private readonly emailMonitor: EmailMonitorService,
  ) {}

  @Public()
  @Get()
  async home(@Req() req: Request, @Res() res: Response): Promise<void> {
    const user = req.user;
    const me = user ? toMe(user) : null;
    const reviewer = user?.role === Role.Coordinator || user?.role === Role.Admin;
    const pendingCount = reviewer ? await this.organisations.countByStatus(OrganisationStatus.Pending) : 0;
    const activeEmployer =
      user?.role === Role.Employer && user.organisationStatus === OrganisationStatus.Active && Boolean(user.organisationKind && EMPLOYER_KINDS.includes(user.organisationKind));
    // "Suggested for you": the home page stays up when the search engine is down, with a note instead.
    let suggestions: SuggestionsDto | null = null;
    let suggestionsUnavailable = false;
    if (activeEmployer && user) {
      try {
        suggestions = await this.matching.suggestionsForOrganisation(user, HOME_SUGGESTIONS);
      } catch (error) {
        if (!(error instanceof DomainException) || error.status !== 503) throw error;
        this.logger.warn({ msg: 'suggestions unavailable on the home page', userId: user.id });
        suggestionsUnavailable = true;
      }
    }
    // Addresses suppressed after a permanent refusal that no admin has looked at yet: e-mails to them are no longer sent.
    const unseenSuppressions = user?.role === Role.Admin ? (await this.emailMonitor.suppressionCounts()).unseen : 0;
    res.render('pages/home', {
      unseenSuppressions,
      title: 'Accueil',
      me,
      reviewer,
      pendingCount,
      employer: user?.role === Role.Employer,
      organisationActive: user?.organisationStatus === OrganisationStatus.Active,
      counsellor: user?.role === Role.Counsellor || user?.role === Role.Coordinator,
      activeEmployer,
      suggestions: suggestions?.items ?? [],
      suggestionsUnavailable,
    });
  }
}

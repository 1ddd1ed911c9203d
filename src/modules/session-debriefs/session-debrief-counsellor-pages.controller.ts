import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { Clock } from '../../common/clock/clock';
import { idParam } from '../../common/http/id-param';
import { parisDate } from '../employer-needs/employer-need-rules';
import { Role } from '../users/user.entity';
import { parseForm, parseQueryOrThrow } from '../web/form';
import { DeclineProposalDto, ListProposalsQuery } from './dto/session-debrief.dto';
import { ProposalStatus } from './session-debrief';
import { acceptProposalForm, declineReasonOptions, frenchDate, PageState, proposalCard, refusalOf } from './session-debrief-page-forms';
import { SessionDebriefsService } from './session-debriefs.service';

const BASE = '/conseil/sessions';
const SESSION_PARAM = idParam('sessionId');
const PROPOSAL_PARAM = idParam('proposalId');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The list opens on what waits for the counsellor; `toutes` lifts the filter. */
const ALL = 'toutes';
const STATUS_TABS: { label: string; status: ProposalStatus | typeof ALL }[] = [
  { label: 'En attente', status: ProposalStatus.Pending },
  { label: 'Acceptées', status: ProposalStatus.Accepted },
  { label: 'Déclinées', status: ProposalStatus.Declined },
  { label: 'Toutes', status: ALL },
];
const STATUS_TEXT: Record<ProposalStatus, string> = {
  [ProposalStatus.Pending]: 'En attente',
  [ProposalStatus.Accepted]: 'Acceptée',
  [ProposalStatus.Declined]: 'Déclinée',
};

const INFO_MESSAGES: Record<string, string> = {
  'proposition-acceptee': 'La proposition est acceptée.',
  'proposition-declinee': 'La proposition est déclinée.',
};

/** The filter and page of the list, carried by the forms' actions so that a post comes back to the same list. */
interface ListState {
  statut: string;
  page: number;
}

function listState(statut: unknown, page: unknown): { query: ListProposalsQuery; state: ListState } {
  const status = statut === undefined || statut === '' ? ProposalStatus.Pending : statut === ALL ? undefined : statut;
  // An absent key keeps the query's defaults (first page of 20); an undefined one would override them.
  const query = parseQueryOrThrow(ListProposalsQuery, { ...(status === undefined ? {} : { status }), ...(page === undefined ? {} : { page }) });
  return { query, state: { statut: query.status ?? ALL, page: query.page } };
}

function listHref(statut: string, page = 1, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (statut !== ProposalStatus.Pending) params.set('statut', statut);
  if (page > 1) params.set('page', String(page));
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const qs = params.toString();
  return qs ? `${BASE}?${qs}` : BASE;
}

/**
 * « Propositions des sessions »: for counsellors (and coordinators) of an active partner organisation, the solutions
 * the binômes proposed in every recruitment session to the candidates whose profiles their organisation owns, each
 * pending one with the acceptance and decline forms of the coordinator's debrief page. The service's access rules
 * apply to every post (the session's coordinator, or the organisation owning the profile; an open debrief).
 */
@ApiExcludeController()
@Controller('conseil/sessions')
@Roles(Role.Counsellor, Role.Coordinator)
export class CounsellorSessionProposalsPagesController {
  constructor(
    private readonly debriefs: SessionDebriefsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async list(
    @CurrentUser() user: AuthUser,
    @Query('statut') statut: unknown,
    @Query('page') page: unknown,
    @Query('info') info: unknown,
    @Query('miseEnRelation') introductionId: unknown,
    @Query('parrainage') sponsorshipId: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const { query, state } = listState(statut, page);
    const link = (value: unknown, base: string) => (typeof value === 'string' && UUID.test(value) ? `${base}/${value}` : null);
    await this.render(res, user, query, state, {
      info: typeof info === 'string' && Object.hasOwn(INFO_MESSAGES, info) ? INFO_MESSAGES[info] : undefined,
      introductionHref: link(introductionId, '/conseil/mises-en-relation'),
      sponsorshipHref: link(sponsorshipId, '/conseil/parrainages'),
    });
  }

  @Post(':sessionId/propositions/:proposalId/accepter')
  async accept(
    @CurrentUser() user: AuthUser,
    @Param('sessionId', SESSION_PARAM) sessionId: string,
    @Param('proposalId', PROPOSAL_PARAM) proposalId: string,
    @Query('statut') statut: unknown,
    @Query('page') page: unknown,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const { query, state } = listState(statut, page);
    // Read first: a proposal that is not the caller's to follow up is a 404 whatever the form holds.
    await this.debriefs.proposalToFollow(user, sessionId, proposalId);
    const { form, values } = acceptProposalForm(body);
    if (!form.ok) return this.render(res, user, query, state, { status: 400, errors: form.errors, values, target: proposalId });
    let accepted;
    try {
      accepted = await this.debriefs.acceptProposal(user, sessionId, proposalId, form.value);
    } catch (error) {
      return this.render(res, user, query, state, { ...refusalOf(error), values, target: proposalId });
    }
    const created: Record<string, string> = accepted.introductionId ? { miseEnRelation: accepted.introductionId } : accepted.sponsorshipId ? { parrainage: accepted.sponsorshipId } : {};
    res.redirect(303, listHref(state.statut, state.page, { info: 'proposition-acceptee', ...created }));
  }

  @Post(':sessionId/propositions/:proposalId/decliner')
  async decline(
    @CurrentUser() user: AuthUser,
    @Param('sessionId', SESSION_PARAM) sessionId: string,
    @Param('proposalId', PROPOSAL_PARAM) proposalId: string,
    @Query('statut') statut: unknown,
    @Query('page') page: unknown,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const { query, state } = listState(statut, page);
    await this.debriefs.proposalToFollow(user, sessionId, proposalId);
    const form = parseForm(DeclineProposalDto, body);
    if (!form.ok) return this.render(res, user, query, state, { status: 400, errors: form.errors, target: proposalId });
    try {
      await this.debriefs.declineProposal(user, sessionId, proposalId, form.value);
    } catch (error) {
      return this.render(res, user, query, state, { ...refusalOf(error), target: proposalId });
    }
    res.redirect(303, listHref(state.statut, state.page, { info: 'proposition-declinee' }));
  }

  private async render(
    res: Response,
    user: AuthUser,
    query: ListProposalsQuery,
    list: ListState,
    state: PageState & { introductionHref?: string | null; sponsorshipHref?: string | null },
  ): Promise<void> {
    const result = await this.debriefs.ownedProposals(user, query);
    const today = parisDate(this.clock.now());
    // The forms post back to the same filter and page, so that the list shown after the post is the one left.
    const returnTo = new URLSearchParams({ statut: list.statut, page: String(list.page) }).toString();
    res.status(state.status ?? 200).render('pages/session-debrief-counsellor', {
      title: 'Propositions des sessions',
      result,
      rows: result.items.map((p) => ({
        ...proposalCard(p, today, state),
        statusText: STATUS_TEXT[p.status],
        interviewOnText: frenchDate(p.interviewOn),
        profileHref: `/conseil/profils/${p.profileId}`,
        introductionHref: p.introductionId ? `/conseil/mises-en-relation/${p.introductionId}` : null,
        sponsorshipHref: p.sponsorshipId ? `/conseil/parrainages/${p.sponsorshipId}` : null,
        actionBase: `${BASE}/${p.sessionId}/propositions/${p.id}`,
      })),
      returnTo,
      tabs: STATUS_TABS.map((tab) => ({ label: tab.label, href: listHref(tab.status), current: tab.status === list.statut })),
      pendingList: list.statut === ProposalStatus.Pending,
      filterLabel: STATUS_TABS.find((tab) => tab.status === list.statut)?.label,
      previousHref: result.page > 1 ? listHref(list.statut, result.page - 1) : null,
      nextHref: result.page < result.totalPages ? listHref(list.statut, result.page + 1) : null,
      declineReasons: declineReasonOptions(),
      introductionHref: state.introductionHref,
      sponsorshipHref: state.sponsorshipHref,
      errors: state.errors && Object.keys(state.errors).length ? state.errors : undefined,
      message: state.message,
      info: state.info,
    });
  }
}

import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { Clock } from '../../common/clock/clock';
import { idParam } from '../../common/http/id-param';
import { CSRF_FIELD } from '../auth/session.middleware';
import { parisDate } from '../employer-needs/employer-need-rules';
import { Role } from '../users/user.entity';
import { parseForm } from '../web/form';
import {
  AttendanceDto,
  DebriefInterviewDto,
  DeclineProposalDto,
  GrandOralNotesDto,
  PassageNoteDto,
  ProposalDto,
  RecordInterviewOutcomeDto,
  SaveAssessmentDto,
} from './dto/session-debrief.dto';
import {
  CONTRACT_TYPE_LABELS,
  INTERVIEW_OUTCOME_LABELS,
  MARK_LABELS,
  MAX_COMMENT_LENGTH,
  PROPOSAL_KIND_LABELS,
  ProposalContractType,
  ProposalKind,
  ProposalStatus,
} from './session-debrief';
import { acceptProposalForm, bodyOf, declineReasonOptions, FormBody, frenchDate, PageState, proposalCard, refusalOf, text } from './session-debrief-page-forms';
import { SessionDebriefsService } from './session-debriefs.service';

const SESSION_PARAM = idParam('sessionId');
const INTERVIEW_PARAM = idParam('sessionInterviewId');
const PROPOSAL_PARAM = idParam('proposalId');

/** Messages shown after a redirect, as ?info=<code>. */
const INFO_MESSAGES: Record<string, string> = {
  'evaluation-enregistree': 'L’évaluation est enregistrée. Elle reste modifiable jusqu’à la clôture du débriefing.',
  'issue-enregistree': 'L’issue de l’entretien est enregistrée.',
  'proposition-acceptee': 'La proposition est acceptée : la mise en relation ou le parrainage est créé et lié.',
  'proposition-declinee': 'La proposition est déclinée.',
  'debriefing-clos': 'Le débriefing est clos : les évaluations ne sont plus modifiables.',
  'debriefing-rouvert': 'Le débriefing est rouvert : les binômes peuvent modifier leurs évaluations.',
  'ordre-genere': 'L’ordre de passage est prêt.',
  'ordre-modifie': 'L’ordre de passage est modifié.',
  'note-enregistree': 'La note est enregistrée.',
  'presence-enregistree': 'La présence est enregistrée.',
  'notes-enregistrees': 'Les notes générales sont enregistrées.',
};
const infoMessage = (code: unknown) => (typeof code === 'string' && Object.hasOwn(INFO_MESSAGES, code) ? INFO_MESSAGES[code] : undefined);

/** Forms that carry nothing but the CSRF token. */
const onlyCsrf = (body: unknown) => Object.keys(bodyOf(body)).every((key) => key === CSRF_FIELD);

const proposalKinds = Object.values(ProposalKind);

/**
 * The assessment form of one interview: three marks, a comment, and one line per solution and organisation of the
 * binôme (`offer.<org>.<kind>` ticked, `detail.…`, `contract.…`, `sponsor.…`), turned into the API's DTO.
 */
function assessmentBody(raw: FormBody, organisationIds: string[]): FormBody {
  const proposals: FormBody[] = [];
  organisationIds.forEach((organisationId, o) => {
    for (const kind of proposalKinds) {
      if (!raw[`offer.${o}.${kind}`]) continue;
      proposals.push({
        kind,
        organisationId,
        detail: text(raw, `detail.${o}.${kind}`) || null,
        contractType: text(raw, `contract.${o}.${kind}`) || null,
        sponsorUserId: text(raw, `sponsor.${o}.${kind}`) || null,
      });
    }
  });
  return { projectClarity: raw.projectClarity ?? '', motivation: raw.motivation ?? '', fit: raw.fit ?? '', comment: text(raw, 'comment'), proposals };
}

/** The lines of the solutions table of one interview's form, filled from what is stored or what was typed. */
function proposalLines(interview: DebriefInterviewDto, typed: FormBody | null, sponsors: { id: string; displayName: string; organisationId: string }[]) {
  const stored = interview.assessment?.proposals ?? [];
  return interview.binomeOrganisations.flatMap((organisation, o) =>
    proposalKinds.map((kind) => {
      const existing = stored.find((p) => p.kind === kind && p.organisationId === organisation.id);
      const key = `${o}.${kind}`;
      const value = (field: string, fallback: string | null | undefined) => (typed ? text(typed, `${field}.${key}`) : fallback ?? '');
      const contract = value('contract', existing?.contractType);
      const sponsor = value('sponsor', existing?.sponsorUserId);
      return {
        key,
        organisationName: organisation.name,
        kindLabel: PROPOSAL_KIND_LABELS[kind],
        checked: typed ? Boolean(typed[`offer.${key}`]) : Boolean(existing),
        detail: value('detail', existing?.detail),
        decided: existing && existing.status !== ProposalStatus.Pending ? existing.statusLabel : null,
        contracts:
          kind === ProposalKind.Job || kind === ProposalKind.JobPromise
            ? [{ value: '', label: 'Non précisé', selected: !contract }, ...Object.values(ProposalContractType).map((c) => ({ value: c, label: CONTRACT_TYPE_LABELS[c], selected: c === contract }))]
            : null,
        sponsors:
          kind === ProposalKind.Sponsorship
            ? [
                { value: '', label: 'Choisir…', selected: !sponsor },
                ...sponsors.filter((s) => s.organisationId === organisation.id).map((s) => ({ value: s.id, label: s.displayName, selected: s.id === sponsor })),
              ]
            : null,
      };
    }),
  );
}

const markOptions = (selected: string) => [
  { value: '', label: 'Choisir…', selected: selected === '' },
  ...MARK_LABELS.map((label, i) => ({ value: String(i + 1), label: `${i + 1} — ${label}`, selected: String(i + 1) === selected })),
];

/** « Débriefing » of an employer: the interviews of their binôme, each with the assessment form. */
@ApiExcludeController()
@Controller('organisation/sessions/:sessionId/debrief')
@Roles(Role.Employer)
export class EmployerDebriefPagesController {
  constructor(private readonly debriefs: SessionDebriefsService) {}

  @Get()
  async page(@CurrentUser() user: AuthUser, @Param('sessionId', SESSION_PARAM) id: string, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    await this.render(res, user, id, { info: infoMessage(info) });
  }

  @Post(':sessionInterviewId')
  async save(@CurrentUser() user: AuthUser, @Param('sessionId', SESSION_PARAM) id: string, @Param('sessionInterviewId', INTERVIEW_PARAM) interviewId: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const { interviews } = await this.debriefs.overview(user, id);
    const interview = interviews.find((i) => i.id === interviewId);
    if (!interview) return this.render(res, user, id, { status: 404, message: 'Entretien introuvable parmi ceux de votre binôme.' });
    const raw = bodyOf(body);
    const state = { values: raw, target: interviewId };
    const form = parseForm(SaveAssessmentDto, assessmentBody(raw, interview.binomeOrganisations.map((o) => o.id)));
    if (!form.ok) return this.render(res, user, id, { ...state, status: 400, errors: form.errors });
    try {
      await this.debriefs.saveAssessment(user, id, interviewId, form.value);
    } catch (error) {
      return this.render(res, user, id, { ...state, ...refusalOf(error) });
    }
    res.redirect(303, `/organisation/sessions/${id}/debrief?info=evaluation-enregistree#entretien-${interviewId}`);
  }

  @Post(':sessionInterviewId/issue')
  async outcome(@CurrentUser() user: AuthUser, @Param('sessionId', SESSION_PARAM) id: string, @Param('sessionInterviewId', INTERVIEW_PARAM) interviewId: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const form = parseForm(RecordInterviewOutcomeDto, body);
    if (!form.ok) return this.render(res, user, id, { status: 400, errors: form.errors, target: interviewId });
    try {
      await this.debriefs.recordOutcome(user, id, interviewId, form.value);
    } catch (error) {
      return this.render(res, user, id, { ...refusalOf(error), target: interviewId });
    }
    res.redirect(303, `/organisation/sessions/${id}/debrief?info=issue-enregistree#entretien-${interviewId}`);
  }

  private async render(res: Response, user: AuthUser, id: string, state: PageState): Promise<void> {
    const { summary, interviews } = await this.debriefs.overview(user, id);
    const organisationIds = [...new Set(interviews.flatMap((i) => i.binomeOrganisations.map((o) => o.id)))];
    const sponsors = await this.debriefs.sponsorOptions(organisationIds);
    res.status(state.status ?? 200).render('pages/session-debrief-employer', {
      title: `Débriefing — ${summary.title}`,
      summary: { ...summary, interviewOnText: frenchDate(summary.interviewOn) },
      interviews: interviews.map((interview) => {
        const typed = state.target === interview.id && state.values ? state.values : null;
        const a = interview.assessment;
        const mark = (field: 'projectClarity' | 'motivation' | 'fit') => (typed ? text(typed, field) : a ? String(a[field]) : '');
        return {
          ...interview,
          roundText: interview.round + 1,
          binomeLabel: interview.binomeOrganisations.map((o) => o.name).join(' et '),
          occupationLabels: interview.occupations.map((o) => `${o.label} (${o.romeCode})`).join(', '),
          outcomeLabel: interview.outcome ? INTERVIEW_OUTCOME_LABELS[interview.outcome] : null,
          noShow: interview.outcome === 'no_show',
          errors: state.target === interview.id ? state.errors : undefined,
          marks: { projectClarity: markOptions(mark('projectClarity')), motivation: markOptions(mark('motivation')), fit: markOptions(mark('fit')) },
          comment: typed ? text(typed, 'comment') : a?.comment ?? '',
          lines: proposalLines(interview, typed, sponsors),
        };
      }),
      closed: summary.closed,
      editable: summary.recordingOpen && !summary.closed,
      maxComment: MAX_COMMENT_LENGTH,
      errors: state.errors && Object.keys(state.errors).length ? state.errors : undefined,
      message: state.message,
      info: state.info,
    });
  }
}

/** Coordination pages of one session: the debrief overview and proposals, the Grand Oral, the statistics. */
@ApiExcludeController()
@Controller('coordination/sessions/:sessionId')
@Roles(Role.Coordinator)
export class CoordinationDebriefPagesController {
  constructor(
    private readonly debriefs: SessionDebriefsService,
    private readonly clock: Clock,
  ) {}

  @Get('debrief')
  async debrief(@CurrentUser() user: AuthUser, @Param('sessionId', SESSION_PARAM) id: string, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    await this.renderDebrief(res, user, id, { info: infoMessage(info) });
  }

  @Post('debrief/propositions/:proposalId/accepter')
  async accept(@CurrentUser() user: AuthUser, @Param('sessionId', SESSION_PARAM) id: string, @Param('proposalId', PROPOSAL_PARAM) proposalId: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const { form, values } = acceptProposalForm(body);
    if (!form.ok) return this.renderDebrief(res, user, id, { status: 400, errors: form.errors, values, target: proposalId });
    try {
      await this.debriefs.acceptProposal(user, id, proposalId, form.value);
    } catch (error) {
      return this.renderDebrief(res, user, id, { ...refusalOf(error), values, target: proposalId });
    }
    res.redirect(303, `/coordination/sessions/${id}/debrief?info=proposition-acceptee#proposition-${proposalId}`);
  }

  @Post('debrief/propositions/:proposalId/decliner')
  async decline(@CurrentUser() user: AuthUser, @Param('sessionId', SESSION_PARAM) id: string, @Param('proposalId', PROPOSAL_PARAM) proposalId: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const form = parseForm(DeclineProposalDto, body);
    if (!form.ok) return this.renderDebrief(res, user, id, { status: 400, errors: form.errors, target: proposalId });
    try {
      await this.debriefs.declineProposal(user, id, proposalId, form.value);
    } catch (error) {
      return this.renderDebrief(res, user, id, { ...refusalOf(error), target: proposalId });
    }
    res.redirect(303, `/coordination/sessions/${id}/debrief?info=proposition-declinee#proposition-${proposalId}`);
  }

  @Post('debrief/entretiens/:sessionInterviewId/issue')
  async outcome(@CurrentUser() user: AuthUser, @Param('sessionId', SESSION_PARAM) id: string, @Param('sessionInterviewId', INTERVIEW_PARAM) interviewId: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const form = parseForm(RecordInterviewOutcomeDto, body);
    if (!form.ok) return this.renderDebrief(res, user, id, { status: 400, errors: form.errors });
    try {
      await this.debriefs.recordOutcome(user, id, interviewId, form.value);
    } catch (error) {
      return this.renderDebrief(res, user, id, refusalOf(error));
    }
    res.redirect(303, `/coordination/sessions/${id}/debrief?info=issue-enregistree`);
  }

  @Post('debrief/cloture')
  close(@CurrentUser() user: AuthUser, @Param('sessionId', SESSION_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    return this.setClosed(user, id, body, res, true);
  }

  @Post('debrief/reouverture')
  reopen(@CurrentUser() user: AuthUser, @Param('sessionId', SESSION_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    return this.setClosed(user, id, body, res, false);
  }

  private async setClosed(user: AuthUser, id: string, body: unknown, res: Response, closed: boolean): Promise<void> {
    if (!onlyCsrf(body)) return this.renderDebrief(res, user, id, { status: 400, message: 'Champ non autorisé.' });
    await this.debriefs.setClosed(user, id, closed);
    res.redirect(303, `/coordination/sessions/${id}/debrief?info=${closed ? 'debriefing-clos' : 'debriefing-rouvert'}`);
  }

  private async renderDebrief(res: Response, user: AuthUser, id: string, state: PageState): Promise<void> {
    const { summary, interviews } = await this.debriefs.overview(user, id);
    const today = parisDate(this.clock.now());
    // The grid: one line per candidate code, one column per binôme.
    const binomes = [...new Map(interviews.map((i) => [i.binomeId, { id: i.binomeId, label: i.binomeOrganisations.map((o) => o.name).join(' + ') }])).values()];
    const candidates = [...new Map(interviews.map((i) => [i.sessionCandidateId, i.profileCode])).entries()].sort((a, b) => a[1].localeCompare(b[1]));
    const grid = candidates.map(([sessionCandidateId, code]) => ({
      code,
      cells: binomes.map((b) => {
        const interview = interviews.find((i) => i.sessionCandidateId === sessionCandidateId && i.binomeId === b.id);
        return interview
          ? {
              interview: true,
              roundText: interview.round + 1,
              outcomeLabel: interview.outcome ? INTERVIEW_OUTCOME_LABELS[interview.outcome] : 'Issue non notée',
              marks: interview.assessment ? `${interview.assessment.projectClarity} / ${interview.assessment.motivation} / ${interview.assessment.fit}` : null,
              proposals: interview.assessment?.proposals.map((p) => p.kindLabel).join(', ') ?? '',
            }
          : { interview: false };
      }),
    }));
    const proposals: ProposalDto[] = interviews.flatMap((i) => i.assessment?.proposals ?? []);
    res.status(state.status ?? 200).render('pages/session-debrief-coordination', {
      title: `Débriefing — ${summary.title}`,
      sessionId: id,
      summary: { ...summary, interviewOnText: frenchDate(summary.interviewOn) },
      empty: interviews.length === 0,
      outcomesEditable: summary.recordingOpen && !summary.closed,
      binomes,
      grid,
      interviews: interviews.map((i) => ({ ...i, roundText: i.round + 1, binomeLabel: i.binomeOrganisations.map((o) => o.name).join(' + '), outcomeLabel: i.outcome ? INTERVIEW_OUTCOME_LABELS[i.outcome] : null })),
      proposals: proposals.map((p) => ({ ...proposalCard(p, today, state), actionBase: `/coordination/sessions/${id}/debrief/propositions/${p.id}` })),
      declineReasons: declineReasonOptions(),
      errors: state.errors && Object.keys(state.errors).length ? state.errors : undefined,
      message: state.message,
      info: state.info,
    });
  }

  @Get('grand-oral')
  async grandOral(@CurrentUser() user: AuthUser, @Param('sessionId', SESSION_PARAM) id: string, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    await this.renderGrandOral(res, user, id, { info: infoMessage(info) });
  }

  @Post('grand-oral/generer')
  generate(@CurrentUser() user: AuthUser, @Param('sessionId', SESSION_PARAM) id: string, @Res() res: Response): Promise<void> {
    return this.grandOralChange(res, user, id, () => this.debriefs.generateOrder(user, id), 'ordre-genere');
  }

  @Post('grand-oral/passages/:sessionCandidateId/monter')
  up(@CurrentUser() user: AuthUser, @Param('sessionId', SESSION_PARAM) id: string, @Param('sessionCandidateId', idParam('sessionCandidateId')) candidateId: string, @Res() res: Response): Promise<void> {
    return this.grandOralChange(res, user, id, () => this.debriefs.movePassage(user, id, candidateId, 'up'), 'ordre-modifie');
  }

  @Post('grand-oral/passages/:sessionCandidateId/descendre')
  down(@CurrentUser() user: AuthUser, @Param('sessionId', SESSION_PARAM) id: string, @Param('sessionCandidateId', idParam('sessionCandidateId')) candidateId: string, @Res() res: Response): Promise<void> {
    return this.grandOralChange(res, user, id, () => this.debriefs.movePassage(user, id, candidateId, 'down'), 'ordre-modifie');
  }

  @Post('grand-oral/passages/:sessionCandidateId/note')
  note(
    @CurrentUser() user: AuthUser,
    @Param('sessionId', SESSION_PARAM) id: string,
    @Param('sessionCandidateId', idParam('sessionCandidateId')) candidateId: string,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const form = parseForm(PassageNoteDto, body);
    if (!form.ok) return this.renderGrandOral(res, user, id, { status: 400, errors: form.errors, values: bodyOf(body), target: candidateId });
    return this.grandOralChange(res, user, id, () => this.debriefs.setPassageNote(user, id, candidateId, form.value), 'note-enregistree', { values: bodyOf(body), target: candidateId });
  }

  @Post('grand-oral/presences/:sessionParticipantId')
  attendance(
    @CurrentUser() user: AuthUser,
    @Param('sessionId', SESSION_PARAM) id: string,
    @Param('sessionParticipantId', idParam('sessionParticipantId')) participantId: string,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const form = parseForm(AttendanceDto, body);
    if (!form.ok) return this.renderGrandOral(res, user, id, { status: 400, errors: form.errors });
    return this.grandOralChange(res, user, id, () => this.debriefs.setAttendance(user, id, participantId, form.value.present), 'presence-enregistree');
  }

  @Post('grand-oral/notes')
  notes(@CurrentUser() user: AuthUser, @Param('sessionId', SESSION_PARAM) id: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const form = parseForm(GrandOralNotesDto, body);
    if (!form.ok) return this.renderGrandOral(res, user, id, { status: 400, errors: form.errors, values: bodyOf(body), target: 'notes' });
    return this.grandOralChange(res, user, id, () => this.debriefs.setNotes(user, id, form.value), 'notes-enregistrees', { values: bodyOf(body), target: 'notes' });
  }

  private async grandOralChange(res: Response, user: AuthUser, id: string, change: () => Promise<unknown>, info: string, state: PageState = {}): Promise<void> {
    try {
      await change();
    } catch (error) {
      return this.renderGrandOral(res, user, id, { ...state, ...refusalOf(error) });
    }
    res.redirect(303, `/coordination/sessions/${id}/grand-oral?info=${info}`);
  }

  private async renderGrandOral(res: Response, user: AuthUser, id: string, state: PageState): Promise<void> {
    const grandOral = await this.debriefs.grandOral(user, id);
    const typed = (target: string, key: string, stored: string | null) => (state.target === target && state.values ? text(state.values, key) : stored ?? '');
    res.status(state.status ?? 200).render('pages/grand-oral-coordination', {
      title: 'Grand Oral',
      sessionId: id,
      grandOralOnText: frenchDate(grandOral.grandOralOn),
      passages: grandOral.passages.map((p, index) => ({
        ...p,
        first: index === 0,
        last: index === grandOral.passages.length - 1,
        noteValue: typed(p.sessionCandidateId, 'note', p.note),
        error: state.target === p.sessionCandidateId ? state.errors?.note : undefined,
      })),
      withoutPassage: grandOral.withoutPassage,
      attendance: grandOral.attendance.map((a) => ({ ...a, unknown: a.present === null, absent: a.present === false })),
      notes: typed('notes', 'notes', grandOral.notes),
      notesError: state.target === 'notes' ? state.errors?.notes : undefined,
      errors: state.errors && Object.keys(state.errors).length ? state.errors : undefined,
      message: state.message,
      info: state.info,
    });
  }

  @Get('statistiques')
  async statistics(@CurrentUser() user: AuthUser, @Param('sessionId', SESSION_PARAM) id: string, @Res() res: Response): Promise<void> {
    const stats = await this.debriefs.statistics(user, id);
    res.render('pages/session-debrief-statistics', {
      title: 'Statistiques de la session',
      sessionId: id,
      stats,
      kinds: Object.values(ProposalKind).map((kind) => ({ label: PROPOSAL_KIND_LABELS[kind], count: stats.proposals.byKind[kind] })),
    });
  }
}

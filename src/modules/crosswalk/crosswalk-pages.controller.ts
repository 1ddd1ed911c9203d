import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { DomainException, ValidationFailedException } from '../../common/http/problem';
import { Role } from '../users/user.entity';
import { errorMessage, infoMessage } from '../web/flash';
import { parseForm, safeRedirect } from '../web/form';
import { CrosswalkService } from './crosswalk.service';
import { FapRomeDecisionDto } from './dto/fap-rome-link.dto';

const PAGE = '/coordination/correspondances';
const SUGGESTIONS_PER_CODE = 3;
/** Ranking a FAP label costs a few milliseconds: only one page of unlinked codes is ranked per request. */
const UNLINKED_PER_PAGE = 20;
/** Beyond this many links the list asks for a filter rather than rendering thousands of rows. */
const MAX_LINKS_SHOWN = 300;

const SOURCE_LABELS: Record<string, string> = { dares: 'Table Dares', curated: 'Liste vérifiée', staff: 'Équipe' };

/** Codes of src/modules/web/flash.ts passed after a decision. */
const ERROR_CODES: Record<string, string> = {
  'crosswalk.already_active': 'correspondance-deja-active',
  'crosswalk.already_rejected': 'correspondance-deja-ecartee',
  'crosswalk.unknown_rome': 'rome-inconnu',
  'crosswalk.unknown_fap': 'fap-inconnu',
};

function pageNumber(value: unknown): number {
  if (value === undefined || value === '') return 1;
  const page = typeof value === 'string' && /^[0-9]{1,6}$/.test(value) ? Number(value) : 0;
  if (page < 1) throw new ValidationFailedException([{ field: 'page', message: 'Numéro de page invalide.' }]);
  return page;
}

/** Staff page of the FAP ↔ ROME crosswalk: BMO codes without a link, their suggestions, and the existing links. */
@ApiExcludeController()
@Controller('coordination/correspondances')
@Roles(Role.Coordinator, Role.Admin)
export class CrosswalkPagesController {
  constructor(private readonly crosswalk: CrosswalkService) {}

  @Get()
  async overview(
    @Query('q') q: unknown,
    @Query('page') pageParam: unknown,
    @Query('info') info: unknown,
    @Query('erreur') error: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const query = typeof q === 'string' ? q.trim().slice(0, 100) : '';
    const requestedPage = pageNumber(pageParam);
    const [unlinked, links] = await Promise.all([
      this.crosswalk.unlinked({ filter: query, page: requestedPage, pageSize: UNLINKED_PER_PAGE, suggestions: SUGGESTIONS_PER_CODE }),
      this.crosswalk.activeLinks(query, MAX_LINKS_SHOWN),
    ]);
    const urlOf = (page: number) => {
      const params = new URLSearchParams();
      if (query) params.set('q', query);
      if (page > 1) params.set('page', String(page));
      const search = params.toString();
      return search ? `${PAGE}?${search}` : PAGE;
    };
    res.render('pages/crosswalk/correspondances', {
      title: 'Correspondances FAP ↔ ROME',
      query,
      returnTo: urlOf(unlinked.page),
      info: infoMessage(info),
      message: errorMessage(error),
      unlinked: unlinked.items.map((u) => ({
        ...u,
        suggestions: u.suggestions.map((s) => ({ ...s, percent: Math.round(s.score * 100) })),
      })),
      unlinkedTotal: unlinked.total,
      unlinkedPage: unlinked.page,
      unlinkedPages: unlinked.totalPages,
      previousPageUrl: unlinked.page > 1 ? urlOf(unlinked.page - 1) : null,
      nextPageUrl: unlinked.page < unlinked.totalPages ? urlOf(unlinked.page + 1) : null,
      links: links.links.map((l) => ({ ...l, sourceLabel: SOURCE_LABELS[l.source] ?? l.source })),
      linksTotal: links.total,
      linksTruncated: links.total > MAX_LINKS_SHOWN,
      maxLinksShown: MAX_LINKS_SHOWN,
    });
  }

  @Post('confirmer')
  confirm(@Body() body: unknown, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    return this.decide(body, res, 'correspondance-confirmee', (fapCode, romeCode) => this.crosswalk.confirm(fapCode, romeCode, user.id));
  }

  @Post('ecarter')
  reject(@Body() body: unknown, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    return this.decide(body, res, 'correspondance-ecartee', (fapCode, romeCode) => this.crosswalk.reject(fapCode, romeCode, user.id));
  }

  private async decide(body: unknown, res: Response, success: string, action: (fapCode: string, romeCode: string) => Promise<unknown>): Promise<void> {
    const returnTo = safeRedirect((body as Record<string, unknown> | null)?.returnTo, PAGE);
    const back = (param: 'info' | 'erreur', code: string) => res.redirect(303, `${returnTo}${returnTo.includes('?') ? '&' : '?'}${param}=${code}`);
    const form = parseForm(FapRomeDecisionDto, body, ['returnTo']);
    if (!form.ok) return back('erreur', 'codes-fap-rome-invalides');
    try {
      await action(form.value.fapCode, form.value.romeCode);
    } catch (error) {
      const code = error instanceof DomainException ? ERROR_CODES[error.code] : undefined;
      if (code) return back('erreur', code);
      throw error;
    }
    back('info', success);
  }
}

import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { DomainException } from '../../common/http/problem';
import { Role } from '../users/user.entity';
import { parseForm, safeRedirect } from '../web/form';
import { foldText } from './label-similarity';
import { CrosswalkService } from './crosswalk.service';
import { FapRomeDecisionDto } from './dto/fap-rome-link.dto';

const PAGE = '/coordination/correspondances';
const SUGGESTIONS_PER_CODE = 3;
/** Beyond this many links the list asks for a filter rather than rendering thousands of rows. */
const MAX_LINKS_SHOWN = 300;

const SOURCE_LABELS: Record<string, string> = { dares: 'Table Dares', curated: 'Liste vérifiée', staff: 'Équipe' };

/** Messages after a decision, passed as ?info=<code> (no server state). */
const MESSAGES: Record<string, { text: string; error?: boolean }> = {
  confirme: { text: 'La correspondance est confirmée.' },
  ecarte: { text: 'La suggestion est écartée : elle ne sera plus proposée ni réactivée par un import.' },
  'deja-active': { text: 'Cette correspondance était déjà active.', error: true },
  'deja-ecartee': { text: 'Cette correspondance était déjà écartée.', error: true },
  'rome-inconnu': { text: 'Ce code ROME n’existe pas dans le référentiel importé.', error: true },
  invalide: { text: 'Codes FAP ou ROME invalides.', error: true },
};

const ERROR_CODES: Record<string, string> = {
  'crosswalk.already_active': 'deja-active',
  'crosswalk.already_rejected': 'deja-ecartee',
  'crosswalk.unknown_rome': 'rome-inconnu',
};

const matchesFilter = (filter: string, ...texts: (string | null)[]) => !filter || texts.some((t) => t !== null && foldText(t).includes(filter));

/** Staff page of the FAP ↔ ROME crosswalk: BMO codes without a link, their suggestions, and the existing links. */
@ApiExcludeController()
@Controller('coordination/correspondances')
@Roles(Role.Coordinator, Role.Admin)
export class CrosswalkPagesController {
  constructor(private readonly crosswalk: CrosswalkService) {}

  @Get()
  async overview(@Query('q') q: unknown, @Query('info') info: unknown, @Res() res: Response): Promise<void> {
    const query = typeof q === 'string' ? q.trim().slice(0, 100) : '';
    const filter = foldText(query);
    const [unlinked, links] = await Promise.all([this.crosswalk.unlinked(SUGGESTIONS_PER_CODE), this.crosswalk.list({ status: 'active' })]);
    const shownUnlinked = unlinked.filter((u) => matchesFilter(filter, u.fapCode, u.fapLabel));
    const matchingLinks = links.filter((l) => matchesFilter(filter, l.fapCode, l.fapLabel, l.romeCode, l.romeLabel));
    const message = typeof info === 'string' ? MESSAGES[info] : undefined;
    res.render('pages/crosswalk/correspondances', {
      title: 'Correspondances FAP ↔ ROME',
      query,
      returnTo: query ? `${PAGE}?q=${encodeURIComponent(query)}` : PAGE,
      message,
      unlinked: shownUnlinked.map((u) => ({
        ...u,
        suggestions: u.suggestions.map((s) => ({ ...s, percent: Math.round(s.score * 100) })),
      })),
      unlinkedTotal: unlinked.length,
      links: matchingLinks.slice(0, MAX_LINKS_SHOWN).map((l) => ({ ...l, sourceLabel: SOURCE_LABELS[l.source] ?? l.source })),
      linksTotal: matchingLinks.length,
      linksTruncated: matchingLinks.length > MAX_LINKS_SHOWN,
      maxLinksShown: MAX_LINKS_SHOWN,
    });
  }

  @Post('confirmer')
  confirm(@Body() body: unknown, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    return this.decide(body, res, 'confirme', (fapCode, romeCode) => this.crosswalk.confirm(fapCode, romeCode, user.id));
  }

  @Post('ecarter')
  reject(@Body() body: unknown, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    return this.decide(body, res, 'ecarte', (fapCode, romeCode) => this.crosswalk.reject(fapCode, romeCode, user.id));
  }

  private async decide(body: unknown, res: Response, success: string, action: (fapCode: string, romeCode: string) => Promise<unknown>): Promise<void> {
    const returnTo = safeRedirect((body as Record<string, unknown> | null)?.returnTo, PAGE);
    const back = (code: string) => res.redirect(303, `${returnTo}${returnTo.includes('?') ? '&' : '?'}info=${code}`);
    const form = parseForm(FapRomeDecisionDto, body, ['returnTo']);
    if (!form.ok) return back('invalide');
    try {
      await action(form.value.fapCode, form.value.romeCode);
    } catch (error) {
      const code = error instanceof DomainException ? ERROR_CODES[error.code] : undefined;
      if (code) return back(code);
      throw error;
    }
    back(success);
  }
}

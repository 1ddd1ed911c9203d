import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { currentContext } from '../logging/request-context';
import { DomainException, FieldError, HTTP_TITLES, ProblemDocument } from './problem';

interface Normalised {
  status: number;
  code: string;
  detail: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
}

const HTTP_DETAILS: Record<number, [string, string]> = {
  400: ['request.invalid', 'Requête invalide.'],
  401: ['auth.unauthenticated', 'Vous devez être connecté.'],
  403: ['auth.forbidden', 'Vous n’avez pas accès à cette ressource.'],
  404: ['http.not_found', 'Ressource introuvable.'],
  405: ['http.method_not_allowed', 'Méthode non autorisée.'],
  413: ['request.too_large', 'La requête est trop volumineuse.'],
  415: ['request.unsupported_media_type', 'Type de contenu non pris en charge.'],
  429: ['request.too_many', 'Trop de requêtes, réessayez plus tard.'],
};

/** Decides whether a request expects a JSON problem or an HTML page. */
export function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api') || (req.headers.accept ?? '').includes('application/json');
}

/**
 * The one place where errors become responses: problem+json for the API, a French error page
 * for the web pages. Unknown errors are logged and answered as a bare 500.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const problem = this.normalise(exception);
    if (problem.status >= 500) {
      const path = req.route?.path ?? req.path;
      // A domain 5xx (a dependency down) is expected and explained; anything else is a bug worth its stack.
      if (exception instanceof DomainException) this.logger.warn({ msg: 'request failed', code: problem.code, path });
      else this.logger.error({ msg: 'unhandled error', code: problem.code, path }, exception instanceof Error ? exception : undefined);
    }
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(problem.headers ?? {})) res.setHeader(name, value);
    const correlationId = currentContext()?.correlationId;

    if (!wantsJson(req)) {
      if (problem.status === 401 && req.method === 'GET') {
        res.redirect(303, `/connexion?suite=${encodeURIComponent(req.originalUrl)}`);
        return;
      }
      res.status(problem.status).render('pages/error', {
        title: 'Erreur',
        status: problem.status,
        detail: problem.detail,
        errors: problem.errors,
        correlationId,
      });
      return;
    }
    const body: ProblemDocument = {
      type: `https://passerelle.example/problems/${problem.code}`,
      title: HTTP_TITLES[problem.status] ?? 'Error',
      status: problem.status,
      code: problem.code,
      detail: problem.detail,
      instance: req.originalUrl.split('?')[0],
      correlationId,
      ...(problem.errors ? { errors: problem.errors } : {}),
    };
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(body));
  }

  private normalise(exception: unknown): Normalised {
    if (exception instanceof DomainException) {
      return { status: exception.status, code: exception.code, detail: exception.detail, errors: exception.errors, headers: exception.headers };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const [code, detail] = HTTP_DETAILS[status] ?? (status >= 500 ? ['internal', 'Erreur interne.'] : ['request.invalid', 'Requête invalide.']);
      return { status, code, detail };
    }
    return { status: 500, code: 'internal', detail: 'Une erreur interne est survenue. Réessayez ou contactez l’équipe avec l’identifiant de corrélation.' };
  }
}

import http from 'node:http';
import https from 'node:https';

/** Meilisearch answered with an error status (its `code` and message), or the request failed or timed out. */
export class MeiliHttpError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'MeiliHttpError';
  }
}

/**
 * The searches' own road to Meilisearch: node:http on a keep-alive agent, JSON in and out, a hard deadline.
 * The official client goes through fetch (undici), which on every call builds Headers, a URL, an
 * AbortController and web streams, and asks for a gzip answer that Meilisearch compresses and we inflate:
 * on a search answer of a few dozen KiB that is several times the work of the search itself on a small machine.
 * Writes and administration keep the official client; only the hot read path comes here.
 */
export class MeiliHttp {
  private readonly agent: http.Agent;
  private readonly request: typeof http.request;
  private readonly host: string;
  private readonly port: number;
  private readonly basePath: string;
  private readonly headers: Record<string, string>;

  constructor(url: string, apiKey: string | undefined, maxSockets = 64) {
    const base = new URL(/^https?:\/\//.test(url) ? url : `http://${url}`);
    const secure = base.protocol === 'https:';
    this.agent = secure ? new https.Agent({ keepAlive: true, maxSockets }) : new http.Agent({ keepAlive: true, maxSockets });
    this.request = secure ? https.request : http.request;
    this.host = base.hostname;
    this.port = Number(base.port) || (secure ? 443 : 80);
    this.basePath = base.pathname.replace(/\/$/, '');
    // No Accept-Encoding: on a private network, compressing and inflating costs more CPU than it saves.
    this.headers = { 'content-type': 'application/json', accept: 'application/json' };
    if (apiKey) this.headers.authorization = `Bearer ${apiKey}`;
  }

  /** POSTs `body` as JSON and returns the parsed answer; fails with MeiliHttpError past `timeoutMs`. */
  post<T>(path: string, body: unknown, timeoutMs: number): Promise<T> {
    const payload = Buffer.from(JSON.stringify(body));
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const fail = (error: MeiliHttpError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(error);
      };
      const req = this.request(
        {
          host: this.host,
          port: this.port,
          method: 'POST',
          path: `${this.basePath}${path}`,
          agent: this.agent,
          headers: { ...this.headers, 'content-length': String(payload.length) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) => fail(new MeiliHttpError(`Meilisearch answer broken: ${error.message}`)));
          res.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = text ? JSON.parse(text) : undefined;
            } catch {
              reject(new MeiliHttpError(`Meilisearch answered ${res.statusCode} with a body that is not JSON`, res.statusCode));
              return;
            }
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              resolve(json as T);
              return;
            }
            const error = (json ?? {}) as { message?: string; code?: string };
            reject(new MeiliHttpError(`Meilisearch answered ${status}: ${error.message ?? text.slice(0, 200)}`, status, error.code));
          });
        },
      );
      const timer = setTimeout(() => fail(new MeiliHttpError(`Meilisearch did not answer within ${timeoutMs} ms`)), timeoutMs);
      req.on('error', (error) => fail(new MeiliHttpError(`Meilisearch unreachable: ${error.message}`)));
      req.end(payload);
    });
  }

  /** Closes the kept-alive connections (application shutdown). */
  close(): void {
    this.agent.destroy();
  }
}

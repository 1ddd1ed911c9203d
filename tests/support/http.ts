import request from 'supertest';
import { TEST_PASSWORD } from './factories';

export type Agent = ReturnType<typeof request.agent>;

/** A supertest agent signed in through the real login endpoint, with its CSRF token. */
export async function loginAgent(server: Parameters<typeof request.agent>[0], email: string, password = TEST_PASSWORD): Promise<{ agent: Agent; csrf: string }> {
  const agent = request.agent(server);
  const res = await agent.post('/api/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { agent, csrf: res.body.csrfToken as string };
}

/** Extracts the first link to a given path from an e-mail's text. */
export function linkFrom(text: string, path: string): string {
  const match = text.match(new RegExp(`https?://\\S+${path.replace(/[/]/g, '\\/')}\\S*`));
  if (!match) throw new Error(`no link to ${path} in e-mail:\n${text}`);
  return match[0];
}

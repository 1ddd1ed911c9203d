// THROWAWAY timing script (crosswalk helper) — deleted after measuring.
import { join } from 'node:path';
import { ImportKind } from '../../src/modules/imports/importer';
import { ImportRunner } from '../../src/modules/imports/import-runner.service';
import { Role } from '../../src/modules/users/user.entity';
import { createUser } from '../support/factories';
import { loginAgent } from '../support/http';
import { sharedData } from '../support/reference-files';
import { startTestApp } from '../support/test-app';

jest.setTimeout(600_000);

it('times the staff page with national data', async () => {
  const t = await startTestApp();
  try {
    const runner = t.app.get(ImportRunner);
    await runner.run(ImportKind.Rome, sharedData('rome_v4'), {});
    await runner.run(ImportKind.Bmo, sharedData('bmo', 'bmo_2024_france.csv'), {});
    await runner.run(ImportKind.Crosswalk, join(__dirname, '..', '..', 'data', 'crosswalk', 'fap-rome-curated.csv'), {});
    const c = await loginAgent(t.server, (await createUser(t.dataSource, { role: Role.Coordinator })).email);
    const [{ unlinked }] = await t.dataSource.query(`SELECT count(*)::int AS unlinked FROM fap_occupations f WHERE NOT EXISTS (SELECT 1 FROM fap_rome_links l WHERE l.fap_code = f.code AND l.status = 'active')`);
    const time = async (url: string) => {
      const start = process.hrtime.bigint();
      const res = await c.agent.get(url);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (res.status !== 200) throw new Error(`${url} → ${res.status}`);
      return { ms, bytes: res.text.length };
    };
    const out: string[] = [`unlinked FAP codes: ${unlinked}`];
    for (const url of ['/coordination/correspondances', '/coordination/correspondances', '/coordination/correspondances', '/coordination/correspondances?q=batiment', '/coordination/correspondances?q=batiment', '/coordination/correspondances?page=3']) {
      const r = await time(url);
      out.push(`${url}: ${r.ms.toFixed(0)} ms, ${r.bytes} chars`);
    }
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) samples.push((await time('/coordination/correspondances')).ms);
    samples.sort((a, b) => a - b);
    out.push(`median of 5 warm GETs: ${samples[2].toFixed(0)} ms (min ${samples[0].toFixed(0)}, max ${samples[4].toFixed(0)})`);
    require('node:fs').writeFileSync(process.env.CW_OUT ?? '/tmp/cwbench/out.txt', out.join('\n') + '\n');
    console.log(out.join('\n'));
  } finally {
    await t.close();
  }
});

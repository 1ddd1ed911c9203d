import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * Loads TypeScript in the child the way Jest does (SWC with the repository's .swcrc), since the repository has no
 * TypeScript loader for plain Node and building dist/ in a test would be slow and would test a stale build.
 */
const BOOT = `
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');
const { $schema, ...options } = JSON.parse(readFileSync(process.env.TEST_SWCRC, 'utf8'));
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...options, filename, swcrc: false, configFile: false });
  module._compile(code, filename);
};
require(process.env.TEST_ENTRY);
`;

export interface ChildWorker {
  process: ChildProcess;
  /** What the child wrote on stderr, for failure messages. */
  stderr(): string;
  /** Resolves with the exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts the worker (tests/support/email-worker-process.ts) as a child process; resolves once it runs. */
export async function startChildWorker(env: Record<string, string>, readyTimeoutMs = 30_000): Promise<ChildWorker> {
  const child = spawn(process.execPath, ['-e', BOOT], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env, TEST_SWCRC: join(ROOT, '.swcrc'), TEST_ENTRY: join(__dirname, 'email-worker-process.ts') },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  const worker: ChildWorker = {
    process: child,
    stderr: () => stderr,
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker child not ready after ${readyTimeoutMs} ms:\n${stderr}`)), readyTimeoutMs);
      child.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
      void exited.then((how) => {
        clearTimeout(timer);
        reject(new Error(`worker child exited (${how}) before it was ready:\n${stderr}`));
      });
    });
  } catch (error) {
    await worker.stop(1000);
    throw error;
  }
  return worker;
}

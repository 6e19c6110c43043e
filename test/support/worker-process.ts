import { ChildProcess, spawn } from 'node:child_process';

/**
 * The worker as a real process (the TypeScript sources through @swc-node/register), with this
 * test's environment (TestEnv.create put it in process.env): something a test can SIGKILL,
 * SIGSTOP and SIGCONT.
 */
export function spawnWorker(extraEnv: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/main.ts'], {
    env: { ...process.env, WORKER_PORT: '0', SWC_NODE_PROJECT: 'tsconfig.json', ...extraEnv },
    stdio: process.env.TEST_LOG_LEVEL ? 'inherit' : 'ignore',
  });
}

/** Resolves when the process has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * SIGTERM, then waits: the worker lets its running jobs finish before it exits. One that has not
 * exited within `timeoutMs` is killed; the answer says whether it stopped by itself.
 */
export async function stopWorker(child: ChildProcess, timeoutMs = 30_000): Promise<boolean> {
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs)));
  const late = await Promise.race([exited(child).then(() => false), timedOut]);
  clearTimeout(timer);
  if (late) child.kill('SIGKILL');
  await exited(child);
  return !late;
}

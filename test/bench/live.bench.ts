import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { io, Socket } from 'socket.io-client';
import { LIVE_NAMESPACE } from '../../libs/discussions/src/live/live.events';
import type { ClientToServerEvents, ServerToClientEvents } from '../../libs/discussions/src/live/live.events';
import { ApiClient, DEV_PASSWORD, SEEDED } from '../support/api-client';
import { clock, encodeClientMsgId, Histogram, ReceiverCommand, ReceiverReport } from './live-protocol';
import {
  BenchEnvironment,
  Child,
  createBenchEnvironment,
  describeBuild,
  ensureBuild,
  formatTable,
  freePort,
  isRunning,
  log,
  Resources,
  runBench,
  startApi,
  startChild,
  stopChild,
  waitForHealth,
} from './support';

/**
 * `npm run bench:live`: one sender and BENCH_CLIENTS socket.io clients (spread over
 * BENCH_PROCESSES receiver processes, live-receiver.ts) in one thread; the send rate steps up
 * through BENCH_RATES (msg/s, BENCH_STEP_SECONDS each) and every step reports the deliveries per
 * second and the end-to-end latency (sender's clock at emit -> receiver's clock at `message:new`).
 *
 * Three configurations, through the same driver: a bare socket.io relay (bare-relay.ts), the
 * built API as one instance, and as two instances on the same database and Redis (half the
 * receivers on each, the sender on the first) to show the Redis Streams adapter's cost.
 *
 * Environment: BENCH_CLIENTS (1000), BENCH_PROCESSES (4), BENCH_RATES (25,50,100,200,400),
 * BENCH_STEP_SECONDS (6), BENCH_WARMUP_SECONDS (2), BENCH_DRAIN_SECONDS (10: how long after the
 * last send a step waits for its deliveries), BENCH_ALL_STEPS=1 (do not stop after a failed step),
 * BENCH_CONFIGS (bare,agora,agora2: which configurations to run).
 */

const RECEIVER = path.join(__dirname, 'live-receiver.ts');
const BARE_RELAY = path.join(__dirname, 'bare-relay.ts');

function envNumber(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number >= ${min} (got "${raw}")`);
  return value;
}

function envList(name: string, fallback: string[]): string[] {
  const raw = process.env[name];
  return raw ? raw.split(',').map((item) => item.trim()) : fallback;
}

const CLIENTS = Math.round(envNumber('BENCH_CLIENTS', 1000, 1));
const PROCESSES = Math.min(CLIENTS, Math.round(envNumber('BENCH_PROCESSES', 4, 1)));
const RATES = envList('BENCH_RATES', ['25', '50', '100', '200', '400'])
  .map(Number)
  .sort((a, b) => a - b);
const STEP_S = envNumber('BENCH_STEP_SECONDS', 6, 0.5);
const WARMUP_S = envNumber('BENCH_WARMUP_SECONDS', 2, 0);
const DRAIN_S = envNumber('BENCH_DRAIN_SECONDS', 10, 1);
const ALL_STEPS = process.env.BENCH_ALL_STEPS === '1';
const CONFIGS = envList('BENCH_CONFIGS', ['bare', 'agora', 'agora2']);

/** A 1 KB markdown paragraph (no mentions). */
const BODY = 'Live discussion benchmark: the quick brown fox jumps over the lazy dog. '.repeat(20).slice(0, 1024);
const P99_LIMIT_MS = 250;
/** The rate at which the p99s are compared; steps up to it always run. */
const REFERENCE_RATE = 50;
const TARGET_RATE_RATIO = 0.5;
const TARGET_P99_RATIO = 2;
/** The gateway allows 10 events/s per socket (burst 30): each sender socket stays at or below this. */
const PER_SENDER_SOCKET_RATE = 8;
const SENDER_SOCKETS = Math.max(1, Math.ceil(Math.max(...RATES) / PER_SENDER_SOCKET_RATE));
const ACK_TIMEOUT_MS = 10_000;
/** Connections opened at once by each receiver process. */
const JOIN_CONCURRENCY = 10;
const CONNECT_ALL_TIMEOUT_MS = 180_000;
const IPC_TIMEOUT_MS = 5_000;
/** For answers that may wait behind a receiver's backlog of messages. */
const FINAL_STATS_TIMEOUT_MS = 60_000;
const QUIET_WINDOW_MS = 1_000;
const QUIET_CPU_PERCENT = 10;
const QUIET_TIMEOUT_MS = 60_000;
const IDLE_MACHINE_WINDOW_MS = 500;
const IDLE_MACHINE_PERCENT = 25;
const IDLE_MACHINE_TIMEOUT_MS = 20_000;
/** All the waiting for an idle machine in one run, so that a machine that stays busy does not stretch the run. */
let idleWaitBudgetMs = 60_000;
const DISCONNECT_SETTLE_MS = 2_000;

if (RATES.some((rate) => !Number.isFinite(rate) || rate <= 0)) throw new Error('BENCH_RATES must be positive numbers, e.g. 25,50,100');
for (const config of CONFIGS) {
  if (!['bare', 'agora', 'agora2'].includes(config)) throw new Error(`BENCH_CONFIGS: unknown configuration "${config}"`);
}

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One receiver process and its IPC: one command at a time per reply type, answered in order. */
class Receiver {
  private readonly waiting: { accepts: (report: ReceiverReport) => boolean; settle: (report: ReceiverReport | Error) => void }[] = [];

  constructor(readonly child: Child) {
    child.process.on('message', (report: ReceiverReport) => {
      const index = this.waiting.findIndex((waiter) => waiter.accepts(report));
      if (index >= 0) this.waiting.splice(index, 1)[0].settle(report);
    });
    void child.exited.then((code) => {
      for (const waiter of this.waiting.splice(0)) waiter.settle(new Error(`${child.label} exited (code ${String(code)})`));
    });
  }

  ask<T extends ReceiverReport['type']>(
    command: ReceiverCommand,
    type: T,
    timeoutMs = IPC_TIMEOUT_MS,
    accepts: (report: Extract<ReceiverReport, { type: T }>) => boolean = () => true,
  ): Promise<Extract<ReceiverReport, { type: T }>> {
    return new Promise((resolve, reject) => {
      const waiter = {
        accepts: (report: ReceiverReport) => report.type === type && accepts(report as Extract<ReceiverReport, { type: T }>),
        settle: (result: ReceiverReport | Error) => {
          clearTimeout(timer);
          if (result instanceof Error) reject(result);
          else resolve(result as Extract<ReceiverReport, { type: T }>);
        },
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        reject(new Error(`${this.child.label}: no "${type}" reply within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.waiting.push(waiter);
      this.child.process.send(command);
    });
  }

  stats(tag: string, withHistogram: boolean, timeoutMs = IPC_TIMEOUT_MS): Promise<Extract<ReceiverReport, { type: 'stats' }>> {
    return this.ask(
      { type: 'stats', tag, withHistogram },
      'stats',
      timeoutMs,
      (report) => report.tag === tag && report.withHistogram === withHistogram,
    );
  }
}

function openSocket(url: string, token: string): Promise<LiveSocket> {
  const socket: LiveSocket = io(`${url}${LIVE_NAMESPACE}`, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: { token },
    reconnection: false,
    forceNew: true,
    timeout: 30_000,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(new Error(`sender socket refused: ${error.message}`));
    });
  });
}

interface Sending {
  sent: number;
  acked: number;
  firstError: string | null;
  start: number;
  end: number;
  /** Resolves when every ack has come back or timed out (ACK_TIMEOUT_MS). */
  settled: Promise<void>;
  /** JSON size of the message as the server stores and relays it (from the first ack). */
  messageBytes: number;
}

/** Sends `rate` messages a second for `seconds`, round-robin over the sender sockets, without waiting for acks. */
async function send(sockets: LiveSocket[], threadId: string, tag: string, rate: number, seconds: number): Promise<Sending> {
  const total = Math.max(1, Math.round(rate * seconds));
  const acks: Promise<void>[] = [];
  const sending: Sending = { sent: 0, acked: 0, firstError: null, start: clock(), end: 0, settled: Promise.resolve(), messageBytes: 0 };
  const emit = (index: number) => {
    const socket = sockets[index % sockets.length];
    const payload = { threadId, body: BODY, clientMsgId: encodeClientMsgId(tag, index, clock()) };
    acks.push(
      new Promise<void>((resolve) => {
        socket.timeout(ACK_TIMEOUT_MS).emit('message:send', payload, (error, ack) => {
          if (error) sending.firstError ??= `no ack within ${ACK_TIMEOUT_MS / 1000} s`;
          else if (!ack.ok) sending.firstError ??= `${ack.error.status} ${ack.error.title}: ${ack.error.detail}`;
          else {
            sending.acked++;
            sending.messageBytes ||= JSON.stringify(ack.message).length;
          }
          resolve();
        });
      }),
    );
    sending.sent++;
  };
  while (sending.sent < total) {
    const due = Math.min(total, Math.floor(((clock() - sending.start) * rate) / 1000) + 1);
    while (sending.sent < due) emit(sending.sent);
    if (sending.sent < total) await sleep(Math.max(0, sending.start + (sending.sent * 1000) / rate - clock()));
  }
  sending.end = clock();
  sending.settled = Promise.all(acks).then(() => undefined);
  return sending;
}

interface StepResult {
  rate: number;
  sent: number;
  failedSends: number;
  firstError: string | null;
  deliveredPerSecond: number;
  p50: number;
  p99: number;
  lost: number;
  messageBytes: number;
  /** CPU used during the step (send + drain), in % of one core: the server process(es), the receiver processes together. */
  serverCpu: number;
  receiversCpu: number;
  /** How busy the whole machine was during the step, in % of all its cores. */
  machineCpu: number;
  /** How long the step waited for the machine to be idle before it started (s). */
  waitedForMachine: number;
}

const passed = (step: StepResult) => step.p99 < P99_LIMIT_MS && step.lost === 0 && step.failedSends === 0;

/** What every step of one configuration uses. */
interface StepContext {
  receivers: Receiver[];
  /** Receivers joined to the thread: each message is expected this many times. */
  clients: number;
  senders: LiveSocket[];
  threadId: string;
  servers: Child[];
}

/** USER_HZ, the unit of /proc/<pid>/stat times: 100 on Linux. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, or 0 where /proc is not readable. */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

const cpuOf = (children: Child[]) => children.reduce((sum, child) => sum + cpuSeconds(child.process.pid), 0);

/** The machine's busy and total CPU time so far (/proc/stat, all cores), in clock ticks. */
function machineTicks(): { busy: number; total: number } {
  try {
    const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const ticks = values.slice(0, 8).map(Number); // user nice system idle iowait irq softirq steal
    const total = ticks.reduce((sum, value) => sum + value, 0);
    return { busy: total - ticks[3] - ticks[4], total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** How busy the machine was between two readings, in % of all its cores. */
const machineBusy = (before: { busy: number; total: number }, after: { busy: number; total: number }) =>
  after.total > before.total ? ((after.busy - before.busy) / (after.total - before.total)) * 100 : NaN;

/**
 * Other work on this machine skews the figures: before a step, waits (at most IDLE_MACHINE_TIMEOUT_MS) until
 * the machine is under IDLE_MACHINE_PERCENT busy. Returns how long it waited, in seconds.
 */
async function waitForIdleMachine(): Promise<number> {
  const start = clock();
  while (clock() - start < Math.min(IDLE_MACHINE_TIMEOUT_MS, idleWaitBudgetMs)) {
    const before = machineTicks();
    await sleep(IDLE_MACHINE_WINDOW_MS);
    if (!(machineBusy(before, machineTicks()) >= IDLE_MACHINE_PERCENT)) break;
  }
  const waitedMs = Math.max(0, clock() - start - IDLE_MACHINE_WINDOW_MS);
  idleWaitBudgetMs = Math.max(0, idleWaitBudgetMs - waitedMs);
  return waitedMs / 1000;
}

/**
 * Waits until the servers are quiet (under QUIET_CPU_PERCENT of a core for two windows in a row), at most
 * QUIET_TIMEOUT_MS: joins leave work behind them (the gateway announces presence to the room after each).
 * Returns how long they stayed busy, in seconds.
 */
async function waitUntilQuiet(servers: Child[]): Promise<number> {
  const start = clock();
  let quietSince: number | null = null;
  while (clock() - start < QUIET_TIMEOUT_MS) {
    const windowStart = clock();
    const before = cpuOf(servers);
    await sleep(QUIET_WINDOW_MS);
    const percent = ((cpuOf(servers) - before) / ((clock() - windowStart) / 1000)) * 100;
    if (percent >= QUIET_CPU_PERCENT) quietSince = null;
    else if (quietSince === null) quietSince = windowStart;
    else break;
  }
  return ((quietSince ?? clock()) - start) / 1000;
}

/** One step: send, then wait (up to DRAIN_S after the last send) for the acks and for every receiver to get every message. */
async function runStep(context: StepContext, tag: string, rate: number, seconds: number): Promise<StepResult> {
  const { receivers, clients } = context;
  const waitedForMachine = await waitForIdleMachine();
  if (waitedForMachine >= 1) log(`step ${tag}: waited ${waitedForMachine.toFixed(1)} s for other work on the machine to calm down`);
  const receiverChildren = receivers.map((receiver) => receiver.child);
  const cpuBefore = { at: clock(), server: cpuOf(context.servers), receivers: cpuOf(receiverChildren), machine: machineTicks() };
  const sending = await send(context.senders, context.threadId, tag, rate, seconds);
  let acksSettled = false;
  void sending.settled.then(() => (acksSettled = true));
  const deadline = sending.end + DRAIN_S * 1000;
  for (;;) {
    // A receiver busy with a backlog may answer late: that only means "not done yet".
    const received = await Promise.all(receivers.map((receiver) => receiver.stats(tag, false))).then(
      (stats) => stats.reduce((sum, report) => sum + report.received, 0),
      () => -1,
    );
    if ((acksSettled && received >= sending.acked * clients) || clock() > deadline) break;
    await sleep(200);
  }
  const wallSeconds = (clock() - cpuBefore.at) / 1000;
  const serverCpu = ((cpuOf(context.servers) - cpuBefore.server) / wallSeconds) * 100;
  const receiversCpu = ((cpuOf(receiverChildren) - cpuBefore.receivers) / wallSeconds) * 100;
  const machineCpu = machineBusy(cpuBefore.machine, machineTicks());
  const stats = await Promise.all(receivers.map((receiver) => receiver.stats(tag, true, FINAL_STATS_TIMEOUT_MS)));
  const histogram = new Histogram();
  stats.forEach((report) => histogram.addPairs(report.histogram));
  const received = stats.reduce((sum, report) => sum + report.received, 0);
  const lastAt = Math.max(...stats.map((report) => report.lastAt));
  const connected = stats.reduce((sum, report) => sum + report.connected, 0);
  if (connected < clients) log(`${clients - connected} receivers lost their connection during step ${tag}`);
  return {
    rate,
    sent: sending.sent,
    failedSends: sending.sent - sending.acked,
    firstError: sending.firstError ?? (acksSettled ? null : 'acks still missing at the end of the drain window'),
    deliveredPerSecond: received && lastAt > sending.start ? received / ((lastAt - sending.start) / 1000) : 0,
    p50: histogram.percentile(0.5),
    p99: histogram.percentile(0.99),
    lost: Math.max(0, sending.acked * clients - received),
    messageBytes: sending.messageBytes,
    serverCpu,
    receiversCpu,
    machineCpu,
    waitedForMachine,
  };
}

/** A process's resident set in KB (VmRSS), or null where /proc is not readable. */
function rssKb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

interface Target {
  name: string;
  description: string;
  /** The server of each receiver process (index = process). */
  receiverUrls: string[];
  senderUrl: string;
  token: string;
  threadId: string;
  /** The server processes; the first is the one whose memory per idle connection is measured (when alone). */
  servers: Child[];
  measureMemory: boolean;
}

interface ConfigResult {
  target: Target;
  joined: number;
  joinSeconds: number;
  /** How long the server(s) stayed busy after the last join. */
  quietSeconds: number;
  memoryPerConnectionKb: number | null;
  steps: StepResult[];
  stoppedAfter: number | null;
}

const share = (index: number) => Math.floor(CLIENTS / PROCESSES) + (index < CLIENTS % PROCESSES ? 1 : 0);

async function runConfig(receivers: Receiver[], target: Target, configIndex: number): Promise<ConfigResult> {
  const alive = () => {
    const dead = target.servers.find((server) => !isRunning(server));
    if (dead) throw new Error(`${dead.label} exited during the benchmark`);
  };
  await sleep(1_000);
  const rssBefore = target.measureMemory ? rssKb(target.servers[0].process.pid) : null;

  log(`${target.name}: connecting ${CLIENTS} receivers in ${PROCESSES} processes`);
  const joinStart = clock();
  const connected = await Promise.all(
    receivers.map((receiver, index) =>
      receiver.ask(
        {
          type: 'connect',
          url: target.receiverUrls[index],
          token: target.token,
          threadId: target.threadId,
          count: share(index),
          concurrency: JOIN_CONCURRENCY,
        },
        'connected',
        CONNECT_ALL_TIMEOUT_MS,
      ),
    ),
  );
  const joinSeconds = (clock() - joinStart) / 1000;
  const joined = connected.reduce((sum, report) => sum + report.joined, 0);
  const firstError = connected.find((report) => report.firstError)?.firstError;
  log(`${target.name}: ${joined} receivers joined in ${joinSeconds.toFixed(1)} s${firstError ? `; first refusal: ${firstError}` : ''}`);
  if (joined === 0) throw new Error(`${target.name}: no receiver could join the thread`);
  const quietSeconds = await waitUntilQuiet(target.servers);
  log(`${target.name}: server(s) busy for ${quietSeconds.toFixed(1)} s after the last join`);
  alive();
  const rssAfter = target.measureMemory ? rssKb(target.servers[0].process.pid) : null;
  const memoryPerConnectionKb = rssBefore !== null && rssAfter !== null ? (rssAfter - rssBefore) / joined : null;

  const senders = await Promise.all(Array.from({ length: SENDER_SOCKETS }, () => openSocket(target.senderUrl, target.token)));
  const context: StepContext = { receivers, clients: joined, senders, threadId: target.threadId, servers: target.servers };
  const steps: StepResult[] = [];
  let stoppedAfter: number | null = null;
  try {
    if (WARMUP_S > 0) {
      log(`${target.name}: ${WARMUP_S} s warm-up at ${RATES[0]} msg/s`);
      await runStep(context, `k${configIndex}w`, RATES[0], WARMUP_S);
    }
    for (const [index, rate] of RATES.entries()) {
      alive();
      const step = await runStep(context, `k${configIndex}s${index}`, rate, STEP_S);
      steps.push(step);
      log(
        `${target.name}: ${rate} msg/s -> ${step.deliveredPerSecond.toFixed(0)} deliveries/s, p50 ${fmtMs(step.p50)} ms, ` +
          `p99 ${fmtMs(step.p99)} ms, lost ${step.lost}, failed sends ${step.failedSends}${step.firstError ? ` (${step.firstError})` : ''}`,
      );
      if (!passed(step) && rate >= REFERENCE_RATE && !ALL_STEPS && index < RATES.length - 1) {
        stoppedAfter = rate;
        break;
      }
      await sleep(500);
    }
  } finally {
    senders.forEach((socket) => socket.close());
    await Promise.all(receivers.map((receiver) => receiver.ask({ type: 'disconnect' }, 'disconnected', FINAL_STATS_TIMEOUT_MS)));
    // Let the servers see the disconnections (the gateway announces presence for each) before they are stopped.
    await sleep(DISCONNECT_SETTLE_MS);
  }
  alive();
  return { target, joined, joinSeconds, quietSeconds, memoryPerConnectionKb, steps, stoppedAfter };
}

const fmtMs = (value: number) =>
  Number.isNaN(value) ? '-' : value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0);
const fmtRatio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a');
const thousands = (value: number) => Math.round(value).toLocaleString('en-US');

/** The highest rate whose step passed (0: none did). */
const sustainable = (result: ConfigResult) => Math.max(0, ...result.steps.filter(passed).map((step) => step.rate));

const p99At = (result: ConfigResult, rate: number) => result.steps.find((step) => step.rate === rate)?.p99 ?? NaN;
const peakDelivered = (result: ConfigResult) => Math.max(0, ...result.steps.map((step) => step.deliveredPerSecond));
const firstOverLimit = (result: ConfigResult) => result.steps.find((step) => step.p99 >= P99_LIMIT_MS)?.rate;

/** The soft and hard limits on open files of this process (inherited by its children). */
function openFilesLimit(): { soft: string; hard: string } | null {
  try {
    const match = /^Max open files\s+(\S+)\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return match ? { soft: match[1], hard: match[2] } : null;
  } catch {
    return null;
  }
}

async function startBareRelay(resources: Resources, environment: BenchEnvironment): Promise<{ child: Child; url: string }> {
  const port = await freePort();
  const child = startChild('bare-relay', process.execPath, ['--import', 'tsx', BARE_RELAY], {
    ...environment.sharedEnv,
    NODE_ENV: 'production',
    PORT: String(port),
  });
  resources.defer('stop bare-relay', () => stopChild(child));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(child, `${url}/health`);
  return { child, url };
}

async function signInAndOpenThread(apiUrl: string, configName: string): Promise<{ token: string; threadId: string }> {
  const api = new ApiClient(apiUrl);
  const token = await api.tokenFor(SEEDED.bologna, DEV_PASSWORD);
  const created = await api.post<{ id: string }>(
    '/api/forums/mobility/threads',
    { title: `Live benchmark: ${configName}`, body: 'Where the live benchmark talks.' },
    token,
  );
  if (created.status !== 201 && created.status !== 200) {
    throw new Error(`creating the thread answered ${created.status}: ${JSON.stringify(created.body)}`);
  }
  return { token, threadId: created.body.id };
}

function report(results: ConfigResult[], limit: { soft: string; hard: string } | null, fdVerdict: string, startedAt: number): string {
  const cpus = os.cpus();
  const lines = [
    '',
    `Agora live-discussion benchmark: node ${process.version}, ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), ${new Date().toISOString()}`,
    `${CLIENTS} receivers (socket.io-client, websocket) in ${PROCESSES} processes, one thread, 1 sender over ${SENDER_SOCKETS} sockets ` +
      `round-robin (<= ${PER_SENDER_SOCKET_RATE} msg/s each; the gateway allows 10/s, burst 30, per socket), ${BODY.length}-byte bodies`,
    `steps of ${STEP_S} s at ${RATES.join(', ')} msg/s after a ${WARMUP_S} s warm-up; each step waits up to ${DRAIN_S} s after its last send ` +
      `for its deliveries; latency = receiver clock at message:new - sender clock at emit (same machine)`,
    `API under test: ${describeBuild()}`,
    `open files: soft limit ${limit?.soft ?? 'unknown'}, hard ${limit?.hard ?? 'unknown'}: ${fdVerdict}`,
    `every process (servers, ${PROCESSES} receiver processes, the sender, PostgreSQL, Redis) shares these ${cpus.length} CPUs`,
    '',
    'Columns: sent = messages emitted; failed = sends not acknowledged ok; delivered/s = deliveries to all receivers / (last delivery - step start);',
    `lost = acknowledged messages x receivers - deliveries received within the drain window. A step passes with p99 < ${P99_LIMIT_MS} ms, no loss, no failed send.`,
    'server cpu / receivers cpu = CPU time of the server process(es) / of all receiver processes during the step, in % of one core;',
    `machine cpu = the whole machine's busy time during the step, in % of all ${os.cpus().length} cores.`,
  ];

  for (const result of results) {
    const { target, steps } = result;
    const bytes = steps.find((step) => step.messageBytes)?.messageBytes;
    lines.push(
      '',
      `${target.name}: ${target.description}`,
      `  ${result.joined}${result.joined < CLIENTS ? ` (of ${CLIENTS})` : ''} receivers joined in ${result.joinSeconds.toFixed(1)} s, ` +
        `server(s) busy ${result.quietSeconds.toFixed(1)} s more` +
        (bytes ? `; message:new payload ${thousands(bytes)} bytes of JSON` : '') +
        (result.memoryPerConnectionKb !== null ? `; ${result.memoryPerConnectionKb.toFixed(1)} KB RSS per idle connection` : ''),
      '',
    );
    const rows = [
      [
        'target msg/s',
        'sent',
        'failed',
        'delivered/s',
        'p50 ms',
        'p99 ms',
        'lost',
        'verdict',
        'server cpu',
        'receivers cpu',
        'machine cpu',
      ],
    ];
    for (const step of steps) {
      rows.push([
        String(step.rate),
        String(step.sent),
        String(step.failedSends),
        thousands(step.deliveredPerSecond),
        fmtMs(step.p50),
        fmtMs(step.p99),
        String(step.lost),
        passed(step) ? 'pass' : 'FAIL',
        `${step.serverCpu.toFixed(0)}%`,
        `${step.receiversCpu.toFixed(0)}%`,
        `${step.machineCpu.toFixed(0)}%`,
      ]);
    }
    lines.push(
      formatTable(rows, 0)
        .split('\n')
        .map((line) => `  ${line}`)
        .join('\n'),
    );
    const errors = steps.filter((step) => step.firstError).map((step) => `${step.rate} msg/s: ${step.firstError}`);
    if (errors.length) lines.push(`  first send error per step: ${errors.join('; ')}`);
    const waited = steps.filter((step) => step.waitedForMachine >= 1);
    if (waited.length) {
      lines.push(
        `  other work kept the machine busy before: ${waited.map((step) => `${step.rate} msg/s (${step.waitedForMachine.toFixed(0)} s)`).join(', ')}`,
      );
    }
    if (result.stoppedAfter !== null) lines.push(`  higher rates skipped: the ${result.stoppedAfter} msg/s step failed`);
  }

  const bare = results.find((result) => result.target.name === 'bare relay');
  const one = results.find((result) => result.target.name === 'agora, 1 instance');
  const two = results.find((result) => result.target.name === 'agora, 2 instances');
  const summaryRows = [
    ['configuration', 'sustainable msg/s', 'peak delivered/s', `p99 @ ${REFERENCE_RATE} msg/s`, `p99 >= ${P99_LIMIT_MS} ms from`],
  ];
  for (const result of results) {
    const over = firstOverLimit(result);
    summaryRows.push([
      result.target.name,
      sustainable(result) ? String(sustainable(result)) : 'none',
      thousands(peakDelivered(result)),
      `${fmtMs(p99At(result, REFERENCE_RATE))} ms`,
      over === undefined ? 'not reached' : `${over} msg/s`,
    ]);
  }
  lines.push(
    '',
    `Summary (sustainable = the highest step that passed: p99 < ${P99_LIMIT_MS} ms, no loss, no failed send)`,
    '',
    formatTable(summaryRows, 1)
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n'),
    '',
  );

  const compare = (ours: ConfigResult, theirs: ConfigResult, label: string) => {
    const rateRatio = sustainable(ours) / sustainable(theirs);
    lines.push(
      `  ${label}: sustainable rate ${fmtRatio(rateRatio)}, peak delivered/s ${fmtRatio(peakDelivered(ours) / peakDelivered(theirs))}, ` +
        `p99 at ${REFERENCE_RATE} msg/s ${fmtRatio(p99At(ours, REFERENCE_RATE) / p99At(theirs, REFERENCE_RATE))}`,
    );
  };
  lines.push('Ratios:');
  if (one && bare) compare(one, bare, 'agora 1 instance / bare relay');
  if (two && bare) compare(two, bare, 'agora 2 instances / bare relay');
  if (two && one) compare(two, one, 'agora 2 instances / 1 instance (Redis Streams adapter across instances)');
  if (bare && sustainable(bare) === Math.max(...RATES))
    lines.push(`  (the bare relay passed every step: its real sustainable rate is higher, so the ratios to it are upper bounds)`);

  lines.push('', `Memory per idle connection (server RSS after ${CLIENTS} joined idle clients - before, / clients joined):`);
  for (const result of results) {
    if (result.memoryPerConnectionKb !== null) lines.push(`  ${result.target.name}: ${result.memoryPerConnectionKb.toFixed(1)} KB`);
  }

  if (one && bare) {
    const rateRatio = sustainable(one) / sustainable(bare);
    const p99Ratio = p99At(one, REFERENCE_RATE) / p99At(bare, REFERENCE_RATE);
    const rateMet = rateRatio >= TARGET_RATE_RATIO;
    const p99Met = p99Ratio <= TARGET_P99_RATIO;
    const p99Verdict = Number.isNaN(p99Ratio) ? `not measured (no ${REFERENCE_RATE} msg/s step)` : p99Met ? 'met' : 'NOT met';
    lines.push(
      '',
      'Targets (agora on one instance against the bare relay of this run):',
      `  sustainable rate >= ${TARGET_RATE_RATIO}x the bare relay's: ${fmtRatio(rateRatio)}: ${rateMet ? 'met' : 'NOT met'}`,
      `  p99 at ${REFERENCE_RATE} msg/s <= ${TARGET_P99_RATIO}x the bare relay's: ${fmtRatio(p99Ratio)}: ${p99Verdict}`,
      `  => ${rateMet && p99Met ? 'all targets met' : 'targets NOT met'}`,
    );
  }
  lines.push('', `Run time: ${((clock() - startedAt) / 1000).toFixed(0)} s`, '');
  return lines.join('\n');
}

async function main(resources: Resources): Promise<number> {
  const startedAt = clock();
  await ensureBuild();
  const limit = openFilesLimit();
  const needed = CLIENTS + SENDER_SOCKETS + 100;
  const soft = limit?.soft === 'unlimited' ? Infinity : Number(limit?.soft ?? NaN);
  const fdVerdict = Number.isNaN(soft)
    ? 'could not read it'
    : soft >= needed
      ? `enough for the ~${needed} descriptors of one API process`
      : `TOO LOW: one API process needs ~${needed} descriptors; raise it (ulimit -n ${needed * 2}) or expect refused connections`;
  if (soft < needed) log(`open files limit ${soft} < ${needed}: ${fdVerdict}`);

  const environment = await createBenchEnvironment(resources);

  const receivers = Array.from({ length: PROCESSES }, (_, index) => {
    const child = startChild(`receiver-${index}`, process.execPath, ['--import', 'tsx', RECEIVER], environment.sharedEnv, { ipc: true });
    resources.defer(`stop receiver-${index}`, () => stopChild(child, 3_000));
    return new Receiver(child);
  });

  const results: ConfigResult[] = [];
  for (const [configIndex, config] of CONFIGS.entries()) {
    if (config === 'bare') {
      const relay = await startBareRelay(resources, environment);
      results.push(
        await runConfig(
          receivers,
          {
            name: 'bare relay',
            description: 'socket.io Server alone (no auth, no database, no adapter), 1 process',
            receiverUrls: receivers.map(() => relay.url),
            senderUrl: relay.url,
            token: 'none',
            threadId: randomUUID(),
            servers: [relay.child],
            measureMemory: true,
          },
          configIndex,
        ),
      );
      await stopChild(relay.child);
    } else if (config === 'agora') {
      const api = await startApi(resources, environment, 'api');
      const { token, threadId } = await signInAndOpenThread(api.url, config);
      results.push(
        await runConfig(
          receivers,
          {
            name: 'agora, 1 instance',
            description: 'the built API (gateway, PostgreSQL, Redis Streams adapter), 1 process',
            receiverUrls: receivers.map(() => api.url),
            senderUrl: api.url,
            token,
            threadId,
            servers: [api.child],
            measureMemory: true,
          },
          configIndex,
        ),
      );
      await stopChild(api.child);
    } else {
      const [a, b] = await Promise.all([startApi(resources, environment, 'api-a'), startApi(resources, environment, 'api-b')]);
      const { token, threadId } = await signInAndOpenThread(a.url, config);
      const onB = (index: number) => index >= Math.ceil(PROCESSES / 2);
      const countOn = (which: boolean) => receivers.reduce((sum, _, index) => sum + (onB(index) === which ? share(index) : 0), 0);
      results.push(
        await runConfig(
          receivers,
          {
            name: 'agora, 2 instances',
            description: `two API processes on the same database and Redis, ${countOn(false)} receivers and the sender on A, ${countOn(true)} receivers on B`,
            receiverUrls: receivers.map((_, index) => (onB(index) ? b.url : a.url)),
            senderUrl: a.url,
            token,
            threadId,
            servers: [a.child, b.child],
            measureMemory: false,
          },
          configIndex,
        ),
      );
      await Promise.all([stopChild(a.child), stopChild(b.child)]);
    }
  }

  process.stdout.write(report(results, limit, fdVerdict, startedAt));
  return 0;
}

runBench(main);

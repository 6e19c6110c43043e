import { AddressInfo, connect, createServer, Server, Socket } from 'node:net';

/**
 * A TCP proxy in the test process, in front of a real server (PostgreSQL): the app is pointed at
 * it, and the test can cut the network without stopping the shared server. Cut, it destroys
 * every open connection and answers new ones with silence (a dropped route: packets vanish, no
 * refusal comes back), which only timeouts can get a client out of.
 */
export class TcpProxy {
  private server?: Server;
  private readonly open = new Set<Socket>();
  private cut = false;

  constructor(
    private readonly targetPort: number,
    private readonly targetHost = '127.0.0.1',
  ) {}

  /** Listens on a free port and returns it. */
  async start(): Promise<number> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  cutOff(): void {
    this.cut = true;
    this.destroyAll();
  }

  restore(): void {
    this.cut = false;
    // The connections that went into the void are dead to their clients (timed out): end them.
    this.destroyAll();
  }

  async stop(): Promise<void> {
    this.destroyAll();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private accept(client: Socket): void {
    this.track(client);
    client.on('error', () => undefined);
    if (this.cut) return;
    const upstream = this.track(connect(this.targetPort, this.targetHost));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  }

  private track(socket: Socket): Socket {
    this.open.add(socket);
    socket.on('close', () => this.open.delete(socket));
    return socket;
  }

  private destroyAll(): void {
    for (const socket of this.open) socket.destroy();
    this.open.clear();
  }
}

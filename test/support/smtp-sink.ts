import { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  messageId: string;
  parsed: ParsedMail;
}

/** A refusal to give to a recipient's mail: an SMTP reply code and text. */
export type Refusal = { code: number; message: string } | null;

/**
 * A real SMTP server (the `smtp-server` package) inside the test process: it stores every mail
 * it accepts, parsed with `mailparser`, and can refuse mail the way real servers do.
 */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  /** Decide per recipient whether to refuse (called once per delivery attempt). */
  refuse: (to: string) => Refusal = () => null;
  /** Milliseconds to wait before answering each mail (a slow server). */
  delayMs = 0;
  private server?: SMTPServer;
  /** While held: the mails received and not yet answered (a server that has the data and says nothing). */
  private held: ((refusal: Refusal) => void)[] | null = null;

  /** From now on, mails are received but not answered until `release()`. */
  hold(): void {
    this.held ??= [];
  }

  /** How many mails wait for an answer. */
  get holding(): number {
    return this.held?.length ?? 0;
  }

  /** Answers every held mail, with this refusal (or accepted), and stops holding. */
  release(refusal: Refusal = null): void {
    const held = this.held ?? [];
    this.held = null;
    held.forEach((answer) => answer(refusal));
  }

  async start(): Promise<string> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => void this.receive(stream, session, callback),
    });
    // A client that dies mid-conversation (a killed worker) resets its connection: not the sink's failure.
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  to(address: string): ReceivedMail[] {
    return this.mails.filter((mail) => mail.to === address);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null) => void): Promise<void> {
    const to = session.envelope.rcptTo[0]?.address ?? '';
    const parsed = await simpleParser(stream);
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const answer = this.held ? await new Promise<Refusal>((resolve) => this.held!.push(resolve)) : null;
    const refusal = answer ?? this.refuse(to);
    if (refusal) {
      callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      return;
    }
    this.mails.push({ to, messageId: parsed.messageId ?? '', parsed });
    callback();
  }
}

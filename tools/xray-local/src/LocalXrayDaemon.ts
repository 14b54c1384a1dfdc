import { createSocket, type Socket } from 'node:dgram';
import { flattenSpans, parseDaemonMessage } from './parseDaemonMessage';
import { SpanStats } from './SpanStats';
import type { Span } from './types/segment';

export interface LocalXrayDaemonOptions {
  /** UDP port; 0 picks a free one. @default 2000 (the daemon's) */
  port?: number;
  host?: string;
  /** Called for every span received (after flattening). */
  onSpan?: (span: Span) => void;
}

/**
 * A stand-in for the X-Ray daemon: listens on UDP, parses each `{"format":"json","version":1}\n{segment}`
 * datagram, and aggregates subsegment latencies in {@link SpanStats}. Nothing is forwarded to AWS.
 *
 * @example
 * const daemon = await LocalXrayDaemon.start({ port: 2000 });
 * // run handlers with AWS_XRAY_DAEMON_ADDRESS=daemon.address ...
 * console.log(renderSpanTable(daemon.stats.rows()));
 * await daemon.stop();
 */
export class LocalXrayDaemon {
  readonly stats = new SpanStats();
  /** Datagrams that could not be parsed. */
  badDatagrams = 0;
  datagrams = 0;

  private constructor(
    private readonly socket: Socket,
    readonly host: string,
    readonly port: number,
    private readonly o: LocalXrayDaemonOptions,
  ) {}

  /** `host:port`, the value of AWS_XRAY_DAEMON_ADDRESS. */
  get address(): string {
    return `${this.host}:${this.port}`;
  }

  static async start(o: LocalXrayDaemonOptions = {}): Promise<LocalXrayDaemon> {
    const host = o.host ?? '127.0.0.1';
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(o.port ?? 2000, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    const daemon = new LocalXrayDaemon(socket, host, socket.address().port, o);
    socket.on('message', (msg) => daemon.receive(msg));
    socket.on('error', () => undefined);
    return daemon;
  }

  /** Feeds one datagram (exposed for tests and for replaying captured traffic). */
  receive(msg: Buffer | string): void {
    this.datagrams++;
    try {
      for (const span of flattenSpans(parseDaemonMessage(msg))) {
        this.stats.add(span);
        this.o.onSpan?.(span);
      }
    } catch {
      this.badDatagrams++;
    }
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

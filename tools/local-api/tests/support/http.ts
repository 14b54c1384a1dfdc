import { connect } from 'node:net';
import { CONTRACT_EXAMPLE_LEGS, CONTRACT_EXAMPLE_OPINION } from '@betbuilder/pricing-model';

/** The contract's error body. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: { path: string; message: string }[];
    correlationId?: string;
  };
}

export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  ms: number;
}

/** One JSON request to the local API; the body may be a raw string (to send malformed JSON). */
export async function call<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply<T>> {
  const started = Date.now();
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: (text ? JSON.parse(text) : undefined) as T,
    ms: Date.now() - started,
  };
}

/** The API contract's example opinion, a fresh copy, without fixtureId (the path carries it). */
export function opinion(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { fixtureId: _inPath, ...body } = structuredClone(CONTRACT_EXAMPLE_OPINION);
  return { ...body, ...overrides };
}

/** The contract's example price request. */
export const CONTRACT_LEGS = CONTRACT_EXAMPLE_LEGS;

/** The parsed answer to a raw HTTP/1.1 request. */
export interface RawReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Writes `data` verbatim to a new TCP connection and reads until the server closes it (or `timeoutMs`): for requests
 * no HTTP client would send (duplicate Content-Length, broken chunking). Rejects when nothing parseable came back.
 */
export function rawRequest(port: number, data: string | Buffer, timeoutMs = 5000): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      if (split < 0 || status === undefined) {
        reject(new Error(`no HTTP response: ${JSON.stringify(text.slice(0, 200))}`));
        return;
      }
      const headers: Record<string, string> = {};
      for (const line of text.slice(0, split).split('\r\n').slice(1)) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(status), headers, body: text.slice(split + 4) });
    });
    socket.write(data);
  });
}

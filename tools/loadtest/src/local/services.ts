import { DynaliteServer, RedisServer } from '@betbuilder/test-harness';
import { connect } from 'node:net';

/** FLUSHALL over a raw RESP connection (no client library needed for one command). */
export function flushRedis(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    sock.setTimeout(5000, () => {
      sock.destroy();
      reject(new Error('FLUSHALL timed out'));
    });
    sock.once('error', reject);
    sock.once('connect', () => sock.write('*1\r\n$8\r\nFLUSHALL\r\n'));
    sock.once('data', (d) => {
      sock.destroy();
      if (d.toString().startsWith('+OK')) resolve();
      else reject(new Error(`FLUSHALL answered ${d.toString().trim()}`));
    });
  });
}

export { DynaliteServer, RedisServer };

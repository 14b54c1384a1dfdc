import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { parseQuoteKeySecret, QuoteKeyError, SecretQuoteKeys } from '../../../src';
import { recordingLogger } from '../../support/fixtures';
import { manualClock } from '../../support/quotes';

const KEY_1 = 'k1-0123456789abcdef0123456789abcdef';
const KEY_2 = 'k2-0123456789abcdef0123456789abcdef';
const KEY_3 = 'k3-0123456789abcdef0123456789abcdef';
const secretOf = (current: [string, string], previous?: [string, string]) =>
  JSON.stringify({
    current: { kid: current[0], key: current[1] },
    ...(previous ? { previous: { kid: previous[0], key: previous[1] } } : {}),
  });

describe('parseQuoteKeySecret', () => {
  it('reads the current and the previous key of a rotated secret', () => {
    const ring = parseQuoteKeySecret(secretOf(['k2', KEY_2], ['k1', KEY_1]));
    expect([ring.current.kid, ring.previous?.kid]).toEqual(['k2', 'k1']);
  });

  it('reads the shape CloudFormation generates, {"kid", "key"}, as a current key only', () => {
    const ring = parseQuoteKeySecret(JSON.stringify({ kid: 'k1', key: KEY_1 }));
    expect([ring.current.kid, ring.previous]).toEqual(['k1', undefined]);
  });

  it.each([
    ['not JSON', 'plain-text'],
    ['an empty secret', ''],
    ['an array', '[]'],
    ['a key shorter than 32 bytes', JSON.stringify({ current: { kid: 'k1', key: 'short' } })],
    ['a key id with a dot', JSON.stringify({ current: { kid: 'k.1', key: KEY_1 } })],
    ['a current key without a key', JSON.stringify({ current: { kid: 'k1' } })],
    ['two keys under one id', secretOf(['k1', KEY_1], ['k1', KEY_2])],
  ])('refuses %s with INVALID_SECRET, never naming the key', (_what, text) => {
    const parse = () => parseQuoteKeySecret(text);
    expect(parse).toThrow(QuoteKeyError);
    expect(parse).toThrow(expect.objectContaining({ code: 'INVALID_SECRET' }) as Error);
    expect(parse).not.toThrow(KEY_1.slice(0, 6));
  });
});

// Secrets Manager has no local equivalent: it is mocked (aws-sdk-client-mock), as in the Redis AUTH tests.
describe('SecretQuoteKeys (quote keys from Secrets Manager)', () => {
  const arn = 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:quote-keys';
  const sm = mockClient(SecretsManagerClient as unknown as Parameters<typeof mockClient>[0]);
  const GetSecret = GetSecretValueCommand as unknown as Parameters<typeof sm.on>[0];
  const secret = (SecretString: string) => ({ SecretString }) as never;
  const client = () => new SecretsManagerClient({ region: 'eu-west-1' });
  afterEach(() => sm.reset());

  function keys(
    clock = manualClock(),
    extra: Partial<ConstructorParameters<typeof SecretQuoteKeys>[0]> = {},
  ) {
    const log = recordingLogger();
    return {
      log,
      keys: new SecretQuoteKeys({
        secretId: arn,
        client,
        timeoutMs: 200,
        logger: log,
        now: clock.now,
        ...extra,
      }),
    };
  }

  it('reads the secret once per container and then serves the keys from memory', async () => {
    // Prepare
    sm.on(GetSecret, { SecretId: arn }).resolves(secret(secretOf(['k1', KEY_1])));
    const { keys: k } = keys();

    // Act
    const rings = await Promise.all([k.get(), k.get(), k.get()]);
    await k.get();

    // Assess
    expect(rings.map((r) => r.current.kid)).toEqual(['k1', 'k1', 'k1']);
    expect(sm.commandCalls(GetSecret)).toHaveLength(1);
  });

  it('answers UNAVAILABLE when the read fails, and tries again on the next call', async () => {
    // Prepare
    sm.on(GetSecret)
      .rejectsOnce(new Error('throttled'))
      .resolves(secret(secretOf(['k1', KEY_1])));
    const { keys: k, log } = keys();

    // Act
    const first = k.get();

    // Assess
    await expect(first).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(k.get()).resolves.toMatchObject({ current: { kid: 'k1' } });
    expect(log.lines.map((l) => l.message)).toContain('could not read the quote key secret');
  });

  it('answers UNAVAILABLE within its timeout when Secrets Manager does not answer', async () => {
    // Prepare
    sm.on(GetSecret).callsFake(() => new Promise(() => undefined));
    const { keys: k } = keys(manualClock(), { timeoutMs: 50 });

    // Act / Assess
    await expect(k.get()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('re-reads the secret for an unknown key id (a rotation it has not seen), at most once per 30 s', async () => {
    // Prepare: the container read k1; the secret has since rotated to k2 (k1 previous)
    sm.on(GetSecret)
      .resolvesOnce(secret(secretOf(['k1', KEY_1])))
      .resolves(secret(secretOf(['k2', KEY_2], ['k1', KEY_1])));
    const clock = manualClock();
    const { keys: k } = keys(clock);
    await k.get();

    // Act
    const k2 = await k.find('k2');
    const forged = [await k.find('k9'), await k.find('k8')];
    clock.advance(30_000);
    await k.find('k7');

    // Assess
    expect(k2?.kid).toBe('k2');
    expect((await k.get()).current.kid).toBe('k2');
    expect(forged).toEqual([undefined, undefined]);
    expect(sm.commandCalls(GetSecret)).toHaveLength(3); // first read, k2, and k7 thirty seconds later
  });

  it('re-reads the keys in the background once they are older than the max age, serving the old ones meanwhile', async () => {
    // Prepare
    sm.on(GetSecret)
      .resolvesOnce(secret(secretOf(['k1', KEY_1])))
      .resolves(secret(secretOf(['k3', KEY_3], ['k2', KEY_2])));
    const clock = manualClock();
    const { keys: k } = keys(clock, { maxAgeMs: 60_000 });
    await k.get();

    // Act
    clock.advance(60_000);
    const during = await k.get();
    await new Promise((r) => setImmediate(r));
    const after = await k.get();

    // Assess
    expect(during.current.kid).toBe('k1');
    expect(after.current.kid).toBe('k3');
    expect(after.find('k1')).toBeUndefined(); // a key dropped from the secret stops verifying
  });

  it('keeps the keys it holds when a re-read fails or finds a malformed secret', async () => {
    // Prepare
    sm.on(GetSecret)
      .resolvesOnce(secret(secretOf(['k1', KEY_1])))
      .rejectsOnce(new Error('throttled'))
      .resolves(secret('not json'));
    const clock = manualClock();
    const { keys: k, log } = keys(clock, { maxAgeMs: 1000 });
    await k.get();

    // Act
    clock.advance(1000);
    await k.get();
    await new Promise((r) => setImmediate(r));
    clock.advance(1000);
    await k.get();
    await new Promise((r) => setImmediate(r));

    // Assess
    expect((await k.get()).current.kid).toBe('k1');
    expect(log.lines.map((l) => l.message)).toEqual([
      'could not read the quote key secret',
      'the quote key secret is not in the documented shape',
    ]);
  });
});

import { ConfigError, createQuoteSigner, isInPlay, loadConfig } from '../../../src';

describe('quote configuration', () => {
  it('defaults to 30 s pre-match, 10 s in-play, a 10 min key age and no secret (a key generated at start)', () => {
    expect(loadConfig({})).toMatchObject({
      quoteTtlMs: 30_000,
      quoteInPlayTtlMs: 10_000,
      quoteKeyMaxAgeMs: 600_000,
      quoteKeySecretArn: undefined,
    });
  });

  it('reads the secret and the lifetimes from the environment', () => {
    expect(
      loadConfig({
        QUOTE_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:q',
        QUOTE_TTL_MS: '20000',
        QUOTE_IN_PLAY_TTL_MS: '5000',
        QUOTE_KEY_MAX_AGE_MS: '60000',
      }),
    ).toMatchObject({
      quoteKeySecretArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:q',
      quoteTtlMs: 20_000,
      quoteInPlayTtlMs: 5000,
      quoteKeyMaxAgeMs: 60_000,
    });
  });

  it.each([
    ['QUOTE_TTL_MS', '500'],
    ['QUOTE_IN_PLAY_TTL_MS', '0'],
    ['QUOTE_TTL_MS', 'soon'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});

describe('createQuoteSigner with QUOTE_KEYS (local processes sharing a key)', () => {
  it('signs in one process what another verifies', async () => {
    // Prepare: two "processes" built from the same environment
    const env = { QUOTE_KEYS: JSON.stringify({ kid: 'lt', key: 'l'.repeat(40) }) };
    const deps = { secrets: () => undefined as never, logger: { warn: () => undefined } };
    const [a, b] = [createQuoteSigner(loadConfig(env), deps), createQuoteSigner(loadConfig(env), deps)];
    const fields = {
      fixtureId: 'epl-2026-12-05-ars-che',
      legs: [{ market: 'MATCH_RESULT' as const, selection: 'HOME' as const }],
      inputsVersion: 1,
      modelVersion: 'm',
      probability: 0.5,
      odds: { decimal: 1.9, fractional: '9/10' },
    };

    // Act
    const { token } = await a.sign(fields, { inPlay: false });

    // Assess
    await expect(b.open(token)).resolves.toMatchObject({ kid: 'lt', fixtureId: fields.fixtureId });
  });

  it('refuses QUOTE_KEYS together with QUOTE_KEY_SECRET_ARN', () => {
    expect(() => loadConfig({ QUOTE_KEYS: '{}', QUOTE_KEY_SECRET_ARN: 'arn' })).toThrow('not both');
  });
});

describe('isInPlay', () => {
  it.each([
    [{ fixtureId: 'x', inputsVersion: 1, status: 'OPEN' }, false],
    [{ fixtureId: 'x', inputsVersion: 1, status: 'OPEN', inPlay: undefined }, false],
    [{ fixtureId: 'x', inputsVersion: 1, status: 'OPEN', inPlay: null }, false],
    [{ fixtureId: 'x', inputsVersion: 1, status: 'OPEN', inPlay: false }, false],
    [{ fixtureId: 'x', inputsVersion: 4, status: 'OPEN', inPlay: { minute: 63 } }, true],
    [{ fixtureId: 'x', inputsVersion: 4, status: 'OPEN', inPlay: true }, true],
  ])('reads %j as in-play: %s', (state, expected) => {
    expect(isInPlay(state)).toBe(expected);
  });
});

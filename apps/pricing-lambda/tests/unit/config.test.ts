import { ConfigError, loadConfig } from '../../src';

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    // Prepare / Act
    const config = loadConfig({});

    // Assess
    expect(config).toMatchObject({
      tableName: 'opinions',
      modelL1MaxBytes: 64 * 1024 * 1024,
      opinionCacheTtlMs: 2000,
      dependencyTimeoutMs: 800,
      serviceName: 'pricing',
      metricsNamespace: 'BetBuilder',
      redis: undefined,
      daxEndpoint: undefined,
    });
  });

  it('reads Redis cluster settings with TLS, user and the AUTH secret', () => {
    // Prepare
    const env = {
      REDIS_HOST: 'cache.example.internal',
      REDIS_PORT: '6380',
      REDIS_TLS: 'true',
      REDIS_CLUSTER: 'true',
      REDIS_USERNAME: 'pricing',
      REDIS_AUTH_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:redis',
    };

    // Act
    const config = loadConfig(env);

    // Assess
    expect(config.redis).toEqual({
      url: undefined,
      host: 'cache.example.internal',
      port: 6380,
      tls: true,
      cluster: true,
      username: 'pricing',
      authSecretArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:redis',
    });
  });

  it.each([
    [{ OPINION_CACHE_TTL_MS: 'soon' }, 'OPINION_CACHE_TTL_MS'],
    [{ REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL'],
    [{ DAX_ENDPOINT: 'my-cluster.dax' }, 'DAX_ENDPOINT'],
    [{ DEPENDENCY_TIMEOUT_MS: '10' }, 'DEPENDENCY_TIMEOUT_MS'],
  ])('rejects %j with a ConfigError naming %s', (env, name) => {
    // Act / Assess
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});

describe('loadConfig validation', () => {
  const integerVariables = [
    'REDIS_PORT',
    'MODEL_L1_MAX_MB',
    'MODEL_L2_TIMEOUT_MS',
    'OPINION_CACHE_TTL_MS',
    'OPINION_STALE_IF_ERROR_MS',
    'CURRENT_VERSION_TTL_MS',
    'IN_PLAY_PRIMER_WAIT_MS',
    'DEPENDENCY_TIMEOUT_MS',
    'QUOTE_TTL_MS',
    'QUOTE_IN_PLAY_TTL_MS',
    'QUOTE_KEY_MAX_AGE_MS',
  ] as const;

  it.each(integerVariables.flatMap((name) => ['-1', '1.5', 'abc', '12ms'].map((value) => [name, value])))(
    'rejects %s=%j as not a non-negative integer',
    (name, value) => {
      // Act / Assess
      expect(() => loadConfig({ [name]: value })).toThrow(
        new ConfigError(`invalid environment: ${name}: must be a non-negative integer, got '${value}'`),
      );
    },
  );

  it('reads every integer variable, blank as its default', () => {
    // Prepare
    const env = {
      REDIS_HOST: 'h',
      REDIS_PORT: ' 6380 ',
      MODEL_L1_MAX_MB: '8',
      MODEL_L2_TIMEOUT_MS: '0',
      OPINION_CACHE_TTL_MS: '',
      OPINION_STALE_IF_ERROR_MS: '7',
      CURRENT_VERSION_TTL_MS: '1e3',
      IN_PLAY_PRIMER_WAIT_MS: '250',
      DEPENDENCY_TIMEOUT_MS: '50',
      QUOTE_TTL_MS: '1000',
      QUOTE_IN_PLAY_TTL_MS: '   ',
      QUOTE_KEY_MAX_AGE_MS: '60000',
    };

    // Act
    const config = loadConfig(env);

    // Assess
    expect(config).toMatchObject({
      redis: { port: 6380 },
      modelL1MaxBytes: 8 * 1024 * 1024,
      modelL2TimeoutMs: 0,
      opinionCacheTtlMs: 2000,
      opinionStaleIfErrorMs: 7,
      currentVersionTtlMs: 1000,
      inPlayPrimerWaitMs: 250,
      dependencyTimeoutMs: 50,
      quoteTtlMs: 1000,
      quoteInPlayTtlMs: 10_000,
      quoteKeyMaxAgeMs: 60_000,
    });
  });

  it('names every bad variable in one error, in the order of the environment', () => {
    // Prepare
    const env = {
      QUOTE_TTL_MS: 'x',
      REDIS_TLS: 'yes',
      DYNAMODB_ENDPOINT: 'not a url',
      DAX_ENDPOINT: 'my-cluster.dax',
      REDIS_URL: 'http://127.0.0.1:6379',
    };

    // Act / Assess
    expect(() => loadConfig(env)).toThrow(
      new ConfigError(
        'invalid environment: DYNAMODB_ENDPOINT: Invalid URL; ' +
          "DAX_ENDPOINT: must start with dax:// or daxs://, e.g. 'daxs://my-cluster.abc.dax-clusters.eu-west-1.amazonaws.com'; " +
          "REDIS_URL: must start with redis:// or rediss://, e.g. 'redis://127.0.0.1:6379'; " +
          'REDIS_TLS: Invalid option: expected one of "0"|"1"|"true"|"false"|""; ' +
          "QUOTE_TTL_MS: must be a non-negative integer, got 'x'",
      ),
    );
  });

  it.each(['DYNAMODB_ENDPOINT', 'DAX_HTTP_ENDPOINT'])('accepts and trims a URL in %s', (name) => {
    // Act
    const config = loadConfig({ [name]: ' http://127.0.0.1:8000 ' });

    // Assess
    expect(name === 'DYNAMODB_ENDPOINT' ? config.dynamodbEndpoint : config.daxHttpEndpoint).toBe(
      'http://127.0.0.1:8000',
    );
  });

  it.each(
    ['DYNAMODB_ENDPOINT', 'DAX_HTTP_ENDPOINT'].flatMap((name) =>
      [
        '127.0.0.1:8000',
        'localhost',
        '//localhost:8000',
        'http://',
        'http://exa mple.com',
        'http://h:99999',
      ].map((value) => [name, value]),
    ),
  )('rejects %s=%j as not a URL', (name, value) => {
    // Act / Assess
    expect(() => loadConfig({ [name]: value })).toThrow(
      new ConfigError(`invalid environment: ${name}: Invalid URL`),
    );
  });

  it.each([
    ['true', true],
    ['1', true],
    ['false', false],
    ['0', false],
    ['', false],
  ])('reads REDIS_TLS and REDIS_CLUSTER %j as %s', (value, expected) => {
    // Act
    const config = loadConfig({ REDIS_HOST: 'h', REDIS_TLS: value, REDIS_CLUSTER: value });

    // Assess
    expect(config.redis).toMatchObject({ tls: expected, cluster: expected });
  });

  it.each(['yes', 'TRUE', ' true'])('rejects REDIS_CLUSTER=%j', (value) => {
    // Act / Assess
    expect(() => loadConfig({ REDIS_CLUSTER: value })).toThrow(
      new ConfigError(
        'invalid environment: REDIS_CLUSTER: Invalid option: expected one of "0"|"1"|"true"|"false"|""',
      ),
    );
  });

  it('trims strings, reads blank ones as unset and keeps the endpoints', () => {
    // Prepare
    const env = {
      TABLE_NAME: '  ',
      AWS_REGION: ' us-east-1 ',
      DAX_ENDPOINT: ' daxs://c.abc.dax-clusters.eu-west-1.amazonaws.com ',
      REDIS_URL: 'rediss://cache:6379',
      REDIS_USERNAME: '',
      POWERTOOLS_SERVICE_NAME: 'svc',
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      QUOTE_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:q',
    };

    // Act
    const config = loadConfig(env);

    // Assess
    expect(config).toMatchObject({
      tableName: 'opinions',
      region: 'us-east-1',
      daxEndpoint: 'daxs://c.abc.dax-clusters.eu-west-1.amazonaws.com',
      redis: { url: 'rediss://cache:6379', host: undefined, port: 6379, username: undefined },
      serviceName: 'svc',
      metricsNamespace: 'BetBuilder',
      logLevel: 'DEBUG',
      quoteKeySecretArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:q',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    [{ QUOTE_TTL_MS: '999' }, 'invalid environment: QUOTE_TTL_MS must be at least 1000, got 999'],
    [{ QUOTE_IN_PLAY_TTL_MS: '0' }, 'invalid environment: QUOTE_IN_PLAY_TTL_MS must be at least 1000, got 0'],
    [
      { DEPENDENCY_TIMEOUT_MS: '49' },
      'invalid environment: DEPENDENCY_TIMEOUT_MS must be at least 50, got 49',
    ],
    [
      { QUOTE_KEYS: '{}', QUOTE_KEY_SECRET_ARN: 'arn' },
      'invalid environment: set QUOTE_KEY_SECRET_ARN (AWS) or QUOTE_KEYS (local processes sharing a key), not both',
    ],
  ])('rejects %j: %s', (env, message) => {
    // Act / Assess
    expect(() => loadConfig(env)).toThrow(new ConfigError(message));
  });
});

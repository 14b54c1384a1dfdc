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

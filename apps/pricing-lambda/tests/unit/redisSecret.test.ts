import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { secretReader } from '../../src';

// Secrets Manager has no local equivalent: it is the one AWS service these tests mock.
describe('secretReader (Redis AUTH token from Secrets Manager)', () => {
  const arn = 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:redis-auth';
  // The cast bridges two copies of @smithy/types in node_modules (aws-sdk-client-mock's and the client's).
  const sm = mockClient(SecretsManagerClient as unknown as Parameters<typeof mockClient>[0]);
  const GetSecret = GetSecretValueCommand as unknown as Parameters<typeof sm.on>[0];
  const secret = (SecretString: string) => ({ SecretString }) as never;
  afterEach(() => sm.reset());

  it('reads the secret once per container and then serves it from memory', async () => {
    // Prepare
    sm.on(GetSecret, { SecretId: arn }).resolves(secret('plain-token'));
    const read = secretReader(arn, () => new SecretsManagerClient({ region: 'eu-west-1' }));

    // Act
    const tokens = await Promise.all([read(), read(), read()]);

    // Assess
    expect(tokens).toEqual(['plain-token', 'plain-token', 'plain-token']);
    expect(sm.commandCalls(GetSecret)).toHaveLength(1);
  });

  it.each([['{"authToken":"t1"}'], ['{"password":"t1"}'], ['{"token":"t1"}']])(
    'takes the token out of a JSON secret %s',
    async (json) => {
      sm.on(GetSecret).resolves(secret(json));
      await expect(secretReader(arn, () => new SecretsManagerClient({}))()).resolves.toBe('t1');
    },
  );

  it('tries again on the next call after a failed read', async () => {
    // Prepare
    sm.on(GetSecret).rejectsOnce(new Error('throttled')).resolves(secret('later'));
    const read = secretReader(arn, () => new SecretsManagerClient({ region: 'eu-west-1' }));

    // Act
    const first = read();

    // Assess
    await expect(first).rejects.toThrow('throttled');
    await expect(read()).resolves.toBe('later');
  });

  it('rejects a JSON secret without a token field', async () => {
    sm.on(GetSecret).resolves(secret('{"user":"x"}'));
    await expect(secretReader(arn, () => new SecretsManagerClient({}))()).rejects.toThrow('authToken');
  });
});

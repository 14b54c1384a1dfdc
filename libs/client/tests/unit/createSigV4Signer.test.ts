import { createSigV4Signer, regionFromUrl } from '../../src';

describe('createSigV4Signer', () => {
  it('signs an execute-api request with the credential scope of its region and the payload hash', async () => {
    // Prepare
    const sign = createSigV4Signer({
      region: 'eu-west-1',
      credentials: {
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
        sessionToken: 'tok',
      },
    });
    const url = new URL('https://abc123.execute-api.eu-west-1.amazonaws.com/prod/v1/fixtures/epl-1?x=1');

    // Act
    const headers = await sign({
      method: 'PUT',
      url,
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    const again = await sign({
      method: 'PUT',
      url,
      headers: { 'content-type': 'application/json' },
      body: '{"a":2}',
    });

    // Assess
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
    expect(headers['x-amz-security-token']).toBe('tok');
    expect(headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(headers.host).toBe('abc123.execute-api.eu-west-1.amazonaws.com');
    expect(again.authorization).not.toBe(headers.authorization);
  });
});

describe('regionFromUrl', () => {
  it('reads the region of an execute-api host and nothing else', () => {
    expect(regionFromUrl(new URL('https://x.execute-api.ap-southeast-2.amazonaws.com/prod'))).toBe(
      'ap-southeast-2',
    );
    expect(regionFromUrl(new URL('https://api.example.com/prod'))).toBeUndefined();
  });
});

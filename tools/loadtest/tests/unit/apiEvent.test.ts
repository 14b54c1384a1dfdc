import { matchRoute, toApiGatewayEvent } from '../../src/local/apiEvent';

describe('matchRoute', () => {
  it('maps the contract routes to their functions', () => {
    expect(matchRoute('POST', '/v1/price')).toEqual({
      fn: 'price',
      resource: '/v1/price',
      pathParameters: null,
    });
    expect(matchRoute('PUT', '/v1/fixtures/epl-1')).toEqual({
      fn: 'opinion',
      resource: '/v1/fixtures/{fixtureId}',
      pathParameters: { fixtureId: 'epl-1' },
    });
    expect(matchRoute('DELETE', '/v1/fixtures/epl-1')).toBeUndefined();
    expect(matchRoute('GET', '/v1/price')).toBeUndefined();
  });
});

describe('toApiGatewayEvent', () => {
  it('builds a REST (v1) proxy event with headers, query, path parameters and body', () => {
    // Act
    const e = toApiGatewayEvent(
      {
        method: 'PUT',
        url: '/v1/fixtures/epl-1?dry=1',
        headers: { 'content-type': 'application/json', 'if-match': '3' },
        body: '{"a":1}',
        sourceIp: '10.0.0.1',
      },
      { resource: '/v1/fixtures/{fixtureId}', pathParameters: { fixtureId: 'epl-1' } },
    );

    // Assess
    expect(e).toMatchObject({
      resource: '/v1/fixtures/{fixtureId}',
      path: '/v1/fixtures/epl-1',
      httpMethod: 'PUT',
      headers: { 'content-type': 'application/json', 'if-match': '3' },
      multiValueHeaders: { 'if-match': ['3'] },
      queryStringParameters: { dry: '1' },
      pathParameters: { fixtureId: 'epl-1' },
      body: '{"a":1}',
      isBase64Encoded: false,
      requestContext: {
        httpMethod: 'PUT',
        resourcePath: '/v1/fixtures/{fixtureId}',
        identity: { sourceIp: '10.0.0.1' },
      },
    });
    expect(e.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

import { matchRoute, toApiGatewayEvent } from '../../src/local/apiEvent';
import { toStreamEvent } from '../../src/local/streamEvent';

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

describe('toStreamEvent', () => {
  it('builds a NEW_AND_OLD_IMAGES stream record with the marshalled items', () => {
    // Act
    const e = toStreamEvent({ fixtureId: 'epl-1', inputsVersion: 2, home: { goals: 1.5 } }, 'MODIFY', {
      fixtureId: 'epl-1',
      inputsVersion: 1,
      home: { goals: 1.4 },
    }) as {
      Records: {
        eventName: string;
        dynamodb: { Keys: unknown; NewImage: unknown; OldImage: unknown; StreamViewType: string };
      }[];
    };

    // Assess
    const r = e.Records[0]!;
    expect(r.eventName).toBe('MODIFY');
    expect(r.dynamodb.Keys).toEqual({ fixtureId: { S: 'epl-1' } });
    expect(r.dynamodb.NewImage).toEqual({
      fixtureId: { S: 'epl-1' },
      inputsVersion: { N: '2' },
      home: { M: { goals: { N: '1.5' } } },
    });
    expect(r.dynamodb.OldImage).toEqual({
      fixtureId: { S: 'epl-1' },
      inputsVersion: { N: '1' },
      home: { M: { goals: { N: '1.4' } } },
    });
    expect(r.dynamodb.StreamViewType).toBe('NEW_AND_OLD_IMAGES');
  });

  it('has no old image for an INSERT', () => {
    const e = toStreamEvent({ fixtureId: 'epl-1' }, 'INSERT') as {
      Records: { dynamodb: { OldImage?: unknown } }[];
    };
    expect(e.Records[0]!.dynamodb.OldImage).toBeUndefined();
  });
});

import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { toApiGatewayEvent, toStreamEvent } from '../src';

describe('toApiGatewayEvent', () => {
  it('builds a REST API v1 proxy event with the resource template and path parameters', () => {
    // Prepare
    const req = {
      method: 'put',
      url: '/v1/fixtures/epl-2026-12-05-ars-che?dryRun=1&tag=a&tag=b',
      headers: { 'content-type': 'application/json', 'if-match': '3', 'x-multi': ['a', 'b'] },
      socket: { remoteAddress: '127.0.0.1' },
    };

    // Act
    const event = toApiGatewayEvent(req, Buffer.from('{"status":"OPEN"}'), { requestId: 'r-1' });

    // Assess
    expect(event).toMatchObject({
      resource: '/v1/fixtures/{fixtureId}',
      path: '/v1/fixtures/epl-2026-12-05-ars-che',
      httpMethod: 'PUT',
      pathParameters: { fixtureId: 'epl-2026-12-05-ars-che' },
      queryStringParameters: { dryRun: '1', tag: 'b' },
      multiValueQueryStringParameters: { dryRun: ['1'], tag: ['a', 'b'] },
      headers: { 'if-match': '3', 'x-multi': 'a,b' },
      multiValueHeaders: { 'x-multi': ['a', 'b'] },
      body: '{"status":"OPEN"}',
      isBase64Encoded: false,
      requestContext: {
        requestId: 'r-1',
        stage: 'local',
        resourcePath: '/v1/fixtures/{fixtureId}',
        httpMethod: 'PUT',
      },
    });
    expect(event.requestContext.identity.sourceIp).toBe('127.0.0.1');
  });

  it('maps the menu route to its resource template with the fixture id', () => {
    const event = toApiGatewayEvent(
      { method: 'GET', url: '/v1/fixtures/epl-2026-12-05-ars-che/markets', headers: {} },
      undefined,
    );
    expect(event).toMatchObject({
      resource: '/v1/fixtures/{fixtureId}/markets',
      pathParameters: { fixtureId: 'epl-2026-12-05-ars-che' },
      body: null,
    });
  });

  it('gives a body-less request a null body and no path parameters on /v1/price', () => {
    // Act
    const event = toApiGatewayEvent({ method: 'POST', url: '/v1/price', headers: {} }, undefined);

    // Assess
    expect(event).toMatchObject({
      resource: '/v1/price',
      body: null,
      pathParameters: null,
      queryStringParameters: null,
    });
  });
});

describe('toStreamEvent', () => {
  it('carries the item as a NEW_IMAGE that unmarshalls back to the same item, and the replaced one as OLD_IMAGE', () => {
    // Prepare
    const item = { fixtureId: 'epl-2026-12-05-ars-che', inputsVersion: 2, home: { goals: 1.5 }, players: [] };
    const oldItem = { ...item, inputsVersion: 1, home: { goals: 1.4 } };

    // Act
    const event = toStreamEvent(item, 'MODIFY', { tableName: 'opinions', oldItem });

    // Assess
    const record = event.Records[0]!;
    expect(record.eventName).toBe('MODIFY');
    expect(record.dynamodb?.StreamViewType).toBe('NEW_AND_OLD_IMAGES');
    expect(unmarshall(record.dynamodb!.OldImage as Record<string, AttributeValue>)).toEqual(oldItem);
    expect(record.dynamodb?.Keys).toEqual({ fixtureId: { S: 'epl-2026-12-05-ars-che' } });
    expect(unmarshall(record.dynamodb!.NewImage as Record<string, AttributeValue>)).toEqual(item);
  });

  it('gives successive records increasing sequence numbers, no old image on INSERT, and a REMOVE only the old image', () => {
    // Act
    const a = toStreamEvent({ fixtureId: 'abc' }, 'INSERT').Records[0]!;
    const b = toStreamEvent({ fixtureId: 'abc' }, 'REMOVE').Records[0]!;

    // Assess
    expect(BigInt(b.dynamodb!.SequenceNumber!)).toBeGreaterThan(BigInt(a.dynamodb!.SequenceNumber!));
    expect(a.dynamodb?.OldImage).toBeUndefined();
    expect(b.dynamodb?.NewImage).toBeUndefined();
    expect(unmarshall(b.dynamodb!.OldImage as Record<string, AttributeValue>)).toEqual({ fixtureId: 'abc' });
  });
});

import { matchRoute } from '../../src/local/apiEvent';

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

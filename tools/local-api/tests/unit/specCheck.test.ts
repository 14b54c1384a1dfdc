import { assertMatchesSpec } from '../support/specCheck';

describe('the API tests check each answer against the OpenAPI document', () => {
  it('accepts a contract error body on a documented status', () => {
    // Act + Assess
    expect(() =>
      assertMatchesSpec('GET', '/v1/fixtures/epl-x-y', 404, {
        error: { code: 'FIXTURE_NOT_FOUND', message: 'no opinion' },
      }),
    ).not.toThrow();
  });

  it('refuses a body the schema does not accept', () => {
    // Act + Assess
    expect(() =>
      assertMatchesSpec('GET', '/v1/fixtures?limit=2', 200, { fixtures: [{ fixtureId: 'x' }] }),
    ).toThrow(/does not match the OpenAPI document/);
  });

  it('refuses a status the document does not list for the operation', () => {
    // Act + Assess
    expect(() =>
      assertMatchesSpec('GET', '/v1/fixtures', 404, { error: { code: 'FIXTURE_NOT_FOUND', message: 'x' } }),
    ).toThrow(/does not list/);
  });

  it("leaves the local server's own routes alone", () => {
    // Act + Assess
    expect(() => assertMatchesSpec('GET', '/nope', 404, { anything: true })).not.toThrow();
  });
});

import type { Quote, SignedQuote } from '@betbuilder/pricing-lambda';
import { useLocalApi } from '../support/localApi';
import { call, CONTRACT_LEGS, opinion, type ErrorBody } from '../support/http';

interface PricedBody {
  inputsVersion: number;
  odds: { decimal: number; fractional: string };
  quote: Quote;
}
interface VerifyBody {
  valid: boolean;
  quote: SignedQuote;
}
type VerifyError = ErrorBody & { error: { current?: PricedBody } };

const FIXTURE = 'epl-2026-12-20-quo-tes';

describe('local API: quotes over HTTP', () => {
  const { api } = useLocalApi({ table: 'opinions-quotes-test', primeOnWrite: 'await' });
  const price = () =>
    call<PricedBody>(api.url, 'POST', '/v1/price', { fixtureId: FIXTURE, legs: CONTRACT_LEGS });
  const verify = (token: string) =>
    call<VerifyBody & VerifyError>(api.url, 'POST', '/v1/quotes/verify', { token });
  const put = (body: unknown) => call(api.url, 'PUT', `/v1/fixtures/${FIXTURE}`, body);
  beforeEach(async () => {
    await put(opinion());
  });

  it('verifies the quote of a price: 200 {"valid": true, "quote": {…the signed fields}}', async () => {
    // Prepare
    const priced = await price();

    // Act
    const verified = await verify(priced.body.quote.token);

    // Assess
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({
      valid: true,
      quote: { id: priced.body.quote.id, fixtureId: FIXTURE, inputsVersion: priced.body.inputsVersion },
    });
  });

  it('answers 409 PRICE_CHANGED with the current price and a fresh quote after a write that shortens the odds', async () => {
    // Prepare: Arsenal much stronger, so "Arsenal to win, over 2.5, Saka to score, …" gets likelier
    const priced = await price();
    await put(opinion({ home: { name: 'Arsenal', goals: 2.6, cards: 1.6, corners: 5.8 } }));

    // Act
    const verified = await verify(priced.body.quote.token);

    // Assess
    expect([verified.status, verified.body.error.code]).toEqual([409, 'PRICE_CHANGED']);
    const current = verified.body.error.current!;
    expect(current.inputsVersion).toBe(priced.body.inputsVersion + 1);
    expect(current.odds.decimal).toBeLessThan(priced.body.odds.decimal);
    expect((await verify(current.quote.token)).status).toBe(200);
  });

  it('answers 409 FIXTURE_SUSPENDED once the fixture is suspended', async () => {
    const priced = await price();
    await put(opinion({ status: 'SUSPENDED' }));
    const verified = await verify(priced.body.quote.token);
    expect([verified.status, verified.body.error.code]).toEqual([409, 'FIXTURE_SUSPENDED']);
  });

  it('answers 400 INVALID_QUOTE for a tampered token', async () => {
    const { token } = (await price()).body.quote;
    const tampered = `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;
    const verified = await verify(tampered);
    expect([verified.status, verified.body.error.code]).toEqual([400, 'INVALID_QUOTE']);
  });

  it('answers 405 to another method than POST', async () => {
    const res = await call(api.url, 'GET', '/v1/quotes/verify');
    expect([res.status, res.headers.get('allow')]).toEqual([405, 'POST']);
  });
});

import { isWarmupEvent, parseWarmupResponse, WARMUP_EVENT } from '../src';

describe('the warm-up contract', () => {
  it('recognises its own event and nothing that merely looks like it', () => {
    // Act / Assess
    expect(isWarmupEvent(JSON.parse(JSON.stringify(WARMUP_EVENT)))).toBe(true);
    expect(
      [{ warmup: 'true' }, { warmup: 1 }, null, 'warmup', { httpMethod: 'POST' }].map(isWarmupEvent),
    ).toEqual([false, false, false, false, false]);
  });

  it('reads a container’s answer and keeps only the contract’s fields', () => {
    // Act
    const parsed = parseWarmupResponse({ warmed: true, containerId: 'c-1', coldStart: true, extra: 1 });
    // Assess
    expect(parsed).toEqual({ ok: true, response: { warmed: true, containerId: 'c-1', coldStart: true } });
  });

  it.each([
    [{ warmed: false, containerId: 'c-1', coldStart: false }, 'target answered warmed: false'],
    [{ warmed: true, containerId: '', coldStart: false }, 'not a warm-up answer'],
    [{ warmed: true, containerId: 'c-1' }, 'not a warm-up answer'],
    [{ warmed: 'yes', containerId: 'c-1', coldStart: false }, 'not a warm-up answer'],
    [null, 'not a warm-up answer'],
    [[1, 2], 'not a warm-up answer'],
  ])('refuses %j with a reason', (value, reason) => {
    // Act
    const parsed = parseWarmupResponse(value);
    // Assess
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toContain(reason);
  });
});

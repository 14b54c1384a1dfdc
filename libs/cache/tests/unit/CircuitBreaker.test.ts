import { CircuitBreaker, type BreakerState } from '../../src/CircuitBreaker';

describe('CircuitBreaker', () => {
  function setup() {
    let now = 1_000;
    const states: BreakerState[] = [];
    const b = new CircuitBreaker(
      3,
      100,
      (s) => states.push(s),
      () => now,
    );
    return { b, states, advance: (ms: number) => (now += ms) };
  }

  it('opens after the threshold of consecutive failures and skips calls while cooling down', () => {
    // Prepare
    const { b, states } = setup();
    // Act
    for (let i = 0; i < 3; i++) {
      expect(b.allow()).toBe(true);
      b.failure();
    }
    // Assess
    expect(states).toEqual(['open']);
    expect(b.allow()).toBe(false);
  });

  it('opens at once when tripped, then cools down like any other opening', () => {
    // Prepare
    const { b, states, advance } = setup();
    // Act
    expect(b.allow()).toBe(true);
    b.trip();
    const whileOpen = b.allow();
    advance(100);
    const trial = b.allow();
    b.success();
    // Assess
    expect(whileOpen).toBe(false);
    expect(trial).toBe(true);
    expect(states).toEqual(['open', 'half-open', 'closed']);
    expect(b.opens).toBe(1);
  });

  it('lets exactly one trial through after the cool-down and closes on its success', () => {
    // Prepare
    const { b, states, advance } = setup();
    for (let i = 0; i < 3; i++) b.failure();
    advance(100);
    // Act
    const first = b.allow();
    const second = b.allow();
    b.success();
    // Assess
    expect([first, second]).toEqual([true, false]);
    expect(states).toEqual(['open', 'half-open', 'closed']);
    expect(b.allow()).toBe(true);
  });

  it('re-opens when the half-open trial fails', () => {
    // Prepare
    const { b, states, advance } = setup();
    for (let i = 0; i < 3; i++) b.failure();
    advance(150);
    b.allow();
    // Act
    b.failure();
    // Assess
    expect(states).toEqual(['open', 'half-open', 'open']);
    expect(b.allow()).toBe(false);
  });

  it('resets the failure count on success', () => {
    // Prepare
    const { b, states } = setup();
    // Act
    b.failure();
    b.failure();
    b.success();
    b.failure();
    b.failure();
    // Assess
    expect(states).toEqual([]);
  });
});

import type { Tracer } from '@aws-lambda-powertools/tracer';
import { PowertoolsTracing } from '../../src/PowertoolsTracing';

/** A segment as the X-Ray SDK shapes it, recording what is done to it (X-Ray itself cannot run here). */
interface FakeSegment {
  readonly name: string;
  readonly errors: unknown[];
  readonly parent: FakeSegment | undefined;
  closed: boolean;
  isClosed(): boolean;
  addNewSubsegment(name: string): FakeSegment;
  addError(err: unknown): void;
  close(): void;
}

function segment(name: string, parent?: FakeSegment): FakeSegment {
  return {
    name,
    errors: [],
    parent,
    closed: false,
    isClosed() {
      return this.closed;
    },
    addNewSubsegment(sub) {
      return segment(sub, this);
    },
    addError(err) {
      this.errors.push(err);
    },
    close() {
      this.closed = true;
    },
  };
}

/** The part of Powertools' Tracer that PowertoolsTracing uses, with the current segment in a variable. */
function fakeTracer(enabled: boolean) {
  const root = segment('root');
  let current: FakeSegment | undefined = root;
  const tracer = {
    isTracingEnabled: () => enabled,
    getSegment: () => current,
    setSegment: (s: FakeSegment) => (current = s),
  };
  return { root, tracer: tracer as unknown as Tracer, current: () => current };
}

describe('PowertoolsTracing', () => {
  it('runs the span under a subsegment of the current segment, current while it runs, closed after', async () => {
    // Prepare
    const fake = fakeTracer(true);
    const tracing = new PowertoolsTracing(fake.tracer);
    let inside: FakeSegment | undefined;

    // Act
    const value = await tracing.span('opinion.get', () => {
      inside = fake.current();
      return Promise.resolve(42);
    });
    const sync = tracing.spanSync('price', () => fake.current()!.name);

    // Assess
    expect(value).toBe(42);
    expect(inside).toMatchObject({ name: 'opinion.get', closed: true });
    expect(sync).toBe('price');
    expect(fake.current()).toBe(fake.root);
  });

  it('records the error on the subsegment, rethrows it and restores the parent (async and sync)', async () => {
    // Prepare
    const fake = fakeTracer(true);
    const tracing = new PowertoolsTracing(fake.tracer);
    const boom = new Error('boom');
    const subs: FakeSegment[] = [];
    const failing = () => {
      subs.push(fake.current()!);
      throw boom;
    };

    // Act
    const asyncThrown = await tracing
      .span('a', () => Promise.resolve().then(failing))
      .catch((e: unknown) => e);
    let syncThrown: unknown;
    try {
      tracing.spanSync('b', failing);
    } catch (err) {
      syncThrown = err;
    }

    // Assess
    expect([asyncThrown, syncThrown]).toEqual([boom, boom]);
    expect(subs.map((s) => [s.name, s.errors, s.closed])).toEqual([
      ['a', [boom], true],
      ['b', [boom], true],
    ]);
    expect(fake.current()).toBe(fake.root);
  });

  it('leaves an open segment current when two spans overlap without nesting (either ending first)', async () => {
    // Prepare
    const fake = fakeTracer(true);
    const tracing = new PowertoolsTracing(fake.tracer);
    const gate = () => {
      let open!: () => void;
      const p = new Promise<void>((r) => (open = r));
      return { p, open };
    };
    const [a, b, c, d] = [gate(), gate(), gate(), gate()];

    // Act: a starts, b starts, a ends, b ends; then c starts, d starts, d ends, c ends
    const first = tracing.span('halves.write', () => a.p);
    const second = tracing.span('core.write', () => b.p);
    a.open();
    await first;
    const betweenFirst = fake.current();
    b.open();
    await second;
    const afterFirstPair = fake.current();
    const third = tracing.span('c', () => c.p);
    const fourth = tracing.span('d', () => d.p);
    d.open();
    await fourth;
    const betweenSecond = fake.current();
    c.open();
    await third;

    // Assess
    expect(betweenFirst?.name).toBe('core.write'); // still running: left current
    expect(afterFirstPair).toBe(fake.root); // never a closed segment
    expect(betweenSecond?.name).toBe('c');
    expect(fake.current()).toBe(fake.root);
  });

  it('only runs the function when tracing is off', async () => {
    // Prepare
    const fake = fakeTracer(false);
    const tracing = new PowertoolsTracing(fake.tracer);

    // Act
    const seen = await tracing.span('x', () => Promise.resolve(fake.current()));

    // Assess
    expect(seen).toBe(fake.root);
    expect(tracing.enabled).toBe(false);
  });
});

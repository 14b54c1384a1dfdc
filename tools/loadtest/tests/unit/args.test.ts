import { parseLoadTestArgs, UsageError } from '../../src/args';

describe('parseLoadTestArgs', () => {
  it('applies the documented defaults', () => {
    expect(parseLoadTestArgs([], '/here')).toEqual({
      durationS: 30,
      ratePerSec: 200,
      fixtures: 200,
      containers: 8,
      warm: 8,
      seed: '42',
      updateRatePerSec: 1,
      arrival: 'poisson',
      zipfS: 1,
      configs: ['A', 'B', 'C', 'F'],
      xray: false,
      containerEnv: {},
      daxItemTtlMs: 1000,
      outDir: '/here',
      skipSeed: false,
      verifyShare: 0.1,
      inPlayShare: 0.1,
      verifyDelayMs: 2000,
      faults: false,
      faultPauseS: 10,
      scaling: [],
    });
  });

  it('runs C and F with faults over the shortest run that fits the schedule by default', () => {
    expect(parseLoadTestArgs(['--faults'], '/here')).toMatchObject({
      faults: true,
      configs: ['C', 'F'],
      durationS: 47,
    });
  });

  it('refuses --faults with a run too short for the schedule, naming the minimum', () => {
    expect(() => parseLoadTestArgs(['--faults', '--duration', '30'], '/here')).toThrow(/--duration >= 47/);
    expect(() => parseLoadTestArgs(['--faults', '--configs', 'A'], '/here')).toThrow(/add C/);
  });

  it('reads the bet-placement flags and refuses a share above 1', () => {
    expect(parseLoadTestArgs(['--verify-share', '0.3', '--verify-delay-ms', '500'], '/here')).toMatchObject({
      verifyShare: 0.3,
      verifyDelayMs: 500,
    });
    expect(() => parseLoadTestArgs(['--verify-share', '1.5'], '/here')).toThrow('--verify-share');
  });

  it('reads every flag', () => {
    const o = parseLoadTestArgs(
      [
        '--duration',
        '60',
        '--rate',
        '50',
        '--fixtures',
        '10',
        '--containers',
        '2',
        '--warm',
        '1',
        '--seed',
        's',
        '--update-rate',
        '0',
        '--configs',
        'c,a',
        '--arrival',
        'uniform',
        '--zipf',
        '1.2',
        '--xray',
        '--dax-ttl-ms',
        '0',
        '--out',
        '/tmp/x',
        '--target',
        'https://a.execute-api.eu-west-1.amazonaws.com/prod',
      ],
      '/here',
    );
    expect(o).toMatchObject({
      durationS: 60,
      ratePerSec: 50,
      fixtures: 10,
      containers: 2,
      warm: 1,
      seed: 's',
      updateRatePerSec: 0,
      configs: ['C', 'A'],
      arrival: 'uniform',
      zipfS: 1.2,
      xray: true,
      daxItemTtlMs: 0,
      outDir: '/tmp/x',
      target: 'https://a.execute-api.eu-west-1.amazonaws.com/prod',
    });
  });

  it.each([
    [['--rate', 'fast']],
    [['--fixtures', '2.5']],
    [['--containers', '0']],
    [['--configs', 'A,D']],
    [['--arrival', 'burst']],
    [['--target', 'not a url']],
    [['--nope']],
    [['--env', 'no-equals']],
    [['--dax-ttl-ms', '-1']],
    [['--dax-ttl-ms', '0.5']],
  ])('rejects %j with a usage error', (argv) => {
    expect(() => parseLoadTestArgs(argv)).toThrow(UsageError);
  });

  it('answers help', () => {
    expect(parseLoadTestArgs(['-h'])).toEqual({ help: true });
  });
});

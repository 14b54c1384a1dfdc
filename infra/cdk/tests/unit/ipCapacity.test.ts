import { describeShortfall, planSubnetCapacity, type CapacityInputs } from '../../src/capacity/ipCapacity';

const base: CapacityInputs = {
  azCount: 3,
  lambdaSubnetMask: 24,
  dataSubnetMask: 26,
  lambdaSecurityGroupCombinations: 1,
  peakConcurrency: 1000,
  connectionsPerExecutionEnvironment: 3,
  cacheNodes: 3,
  serverlessCache: false,
  daxNodes: 3,
  interfaceEndpoints: 1,
  headroomPercent: 100,
};

function group(inputs: CapacityInputs, name: 'lambda' | 'data') {
  const found = planSubnetCapacity(inputs).find((c) => c.group === name);
  if (!found) throw new Error(name);
  return found;
}

describe('planSubnetCapacity', () => {
  it('counts one hyperplane eni per subnet and security-group combination, not one per execution environment', () => {
    // Act: 1000 concurrent executions, 2 sg combinations
    const lambda = group({ ...base, lambdaSecurityGroupCombinations: 2 }, 'lambda');

    // Assess: 2 enis + 2 during a vpc config rollover
    expect(lambda.need).toBe(4);
  });

  it('adds hyperplane enis only when connections exceed 65,000 per eni', () => {
    // Act: 100,000 executions x 3 connections over 3 azs = 100,000 connections per subnet -> 2 enis
    const lambda = group({ ...base, peakConcurrency: 100_000 }, 'lambda');

    // Assess
    expect(lambda.demands[0]?.addresses).toBe(2);
  });

  it('spreads cache and dax nodes over the azs and keeps one replacement address each', () => {
    // Act: 3 cache nodes, 3 dax nodes over 3 azs, 1 endpoint
    const data = group(base, 'data');

    // Assess: (1 + 1) + (1 + 1) + 1 = 5; with 100% headroom 10
    expect(data.need).toBe(5);
    expect(data.needWithHeadroom).toBe(10);
  });

  it('subtracts the five addresses aws reserves in every subnet', () => {
    // Act
    const data = group({ ...base, dataSubnetMask: 28 }, 'data');

    // Assess
    expect(data.usable).toBe(11);
  });

  it('fails a /28 data subnet that must hold six cache nodes, three dax nodes and three endpoints in two azs', () => {
    // Act: (3 + 1) + (2 + 1) + 3 = 10, x2 headroom = 20 > 11
    const data = group(
      { ...base, azCount: 2, dataSubnetMask: 28, cacheNodes: 6, daxNodes: 3, interfaceEndpoints: 3 },
      'data',
    );

    // Assess
    expect(data.fits).toBe(false);
    expect(describeShortfall(data)).toBe(
      'data subnet /28 is too small: it has 11 usable addresses but needs 20 (10 + headroom; cache nodes (6 over 2 az, +1 replacement): 4, ' +
        'dax nodes (3 over 2 az, +1 replacement): 3, interface endpoint enis (3): 3); use a smaller dataSubnetMask or fewer nodes/endpoints',
    );
  });

  it('counts one endpoint eni per subnet for elasticache serverless', () => {
    // Act
    const data = group(
      { ...base, cacheNodes: 0, serverlessCache: true, daxNodes: 0, interfaceEndpoints: 0 },
      'data',
    );

    // Assess
    expect(data.demands).toEqual([{ what: 'elasticache serverless endpoint eni', addresses: 1 }]);
  });
});

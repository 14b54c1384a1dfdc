import { blockSize } from '../config/cidr';

/** AWS keeps the first four and the last address of every subnet. */
export const AWS_RESERVED_PER_SUBNET = 5;
/** Connections one Lambda Hyperplane ENI carries before Lambda adds another for the same subnet + SG combination. */
export const HYPERPLANE_CONNECTIONS_PER_ENI = 65_000;

/** What the capacity arithmetic needs to know about one environment's VPC and what runs in it. */
export interface CapacityInputs {
  readonly azCount: number;
  readonly lambdaSubnetMask: number;
  readonly dataSubnetMask: number;
  /** Distinct security-group sets across the VPC-attached functions (each gets its own Hyperplane ENI per subnet). */
  readonly lambdaSecurityGroupCombinations: number;
  /** Peak concurrent executions across the VPC-attached functions. */
  readonly peakConcurrency: number;
  readonly connectionsPerExecutionEnvironment: number;
  /** Node-based cache nodes in total (primary + replicas); 0 when serverless or absent. */
  readonly cacheNodes: number;
  /** ElastiCache Serverless puts one endpoint ENI in each of its subnets. */
  readonly serverlessCache: boolean;
  readonly daxNodes: number;
  /** Interface VPC endpoints in the data subnets (one ENI per endpoint per subnet). */
  readonly interfaceEndpoints: number;
  readonly headroomPercent: number;
}

export interface DemandLine {
  readonly what: string;
  readonly addresses: number;
}

/** The verdict for one per-AZ subnet of a subnet group (all AZs of a group are the same size and load). */
export interface SubnetCapacity {
  readonly group: 'lambda' | 'data';
  readonly mask: number;
  /** Addresses AWS lets us use: block size minus the 5 reserved. */
  readonly usable: number;
  readonly demands: readonly DemandLine[];
  readonly need: number;
  /** `need` grown by the headroom percentage, rounded up. */
  readonly needWithHeadroom: number;
  readonly fits: boolean;
}

/**
 * Computes, per subnet group, the addresses one AZ's subnet needs and whether the subnet holds them.
 * The arithmetic is documented in docs/adr/0004-vpc-ip-capacity.md.
 *
 * @example
 * const [lambda, data] = planSubnetCapacity({ azCount: 3, lambdaSubnetMask: 24, dataSubnetMask: 26,
 *   lambdaSecurityGroupCombinations: 1, peakConcurrency: 1000, connectionsPerExecutionEnvironment: 3,
 *   cacheNodes: 3, serverlessCache: false, daxNodes: 3, interfaceEndpoints: 1, headroomPercent: 100 });
 * lambda.fits; // => true
 */
export function planSubnetCapacity(inputs: CapacityInputs): SubnetCapacity[] {
  const az = Math.max(1, inputs.azCount);
  const combos = Math.max(0, inputs.lambdaSecurityGroupCombinations);
  const connectionsPerSubnet = (inputs.peakConcurrency * inputs.connectionsPerExecutionEnvironment) / az;
  const enisPerCombo = Math.max(1, Math.ceil(connectionsPerSubnet / HYPERPLANE_CONNECTIONS_PER_ENI));
  const hyperplane = combos * enisPerCombo;
  const lambdaDemands: DemandLine[] = [
    { what: `hyperplane enis (${combos} subnet+sg combination(s) x ${enisPerCombo})`, addresses: hyperplane },
    { what: 'hyperplane eni rollover while a vpc config change is applied', addresses: hyperplane },
  ];

  const dataDemands: DemandLine[] = [];
  if (inputs.cacheNodes > 0) {
    dataDemands.push({
      what: `cache nodes (${inputs.cacheNodes} over ${az} az, +1 replacement)`,
      addresses: Math.ceil(inputs.cacheNodes / az) + 1,
    });
  }
  if (inputs.serverlessCache) {
    dataDemands.push({ what: 'elasticache serverless endpoint eni', addresses: 1 });
  }
  if (inputs.daxNodes > 0) {
    dataDemands.push({
      what: `dax nodes (${inputs.daxNodes} over ${az} az, +1 replacement)`,
      addresses: Math.ceil(inputs.daxNodes / az) + 1,
    });
  }
  if (inputs.interfaceEndpoints > 0) {
    dataDemands.push({
      what: `interface endpoint enis (${inputs.interfaceEndpoints})`,
      addresses: inputs.interfaceEndpoints,
    });
  }

  return [
    verdict('lambda', inputs.lambdaSubnetMask, lambdaDemands, inputs.headroomPercent),
    verdict('data', inputs.dataSubnetMask, dataDemands, inputs.headroomPercent),
  ];
}

function verdict(
  group: SubnetCapacity['group'],
  mask: number,
  demands: DemandLine[],
  headroomPercent: number,
): SubnetCapacity {
  const usable = blockSize(mask) - AWS_RESERVED_PER_SUBNET;
  const need = demands.reduce((sum, d) => sum + d.addresses, 0);
  const needWithHeadroom = Math.ceil(need * (1 + headroomPercent / 100));
  return { group, mask, usable, demands, need, needWithHeadroom, fits: needWithHeadroom <= usable };
}

/** One lowercase line that says what does not fit, by how much, and how to fix it. */
export function describeShortfall(c: SubnetCapacity): string {
  const breakdown = c.demands.map((d) => `${d.what}: ${d.addresses}`).join(', ');
  return (
    `${c.group} subnet /${c.mask} is too small: it has ${c.usable} usable addresses but needs ${c.needWithHeadroom} ` +
    `(${c.need} + headroom; ${breakdown}); use a smaller ${c.group}SubnetMask or fewer nodes/endpoints`
  );
}

import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../src/app';
import { environments } from '../../src/config/environments';
import type { CustomDomainConfig, EnvironmentConfig } from '../../src/config/types';
import { validateEnvironment, validateEnvironments } from '../../src/config/validateConfig';
import { committedContext, FIXTURE_ENTRIES } from '../support/context';
import { expectResource, expectResourceCount } from '../support/synth';

// The optional custom domain: prod's two regions get one host name (Ireland with its own certificate, Frankfurt with a
// created one); dev stays without. One synthesis (no-op handlers: this is about the API's DNS, not bundling).
const ZONE = { id: 'Z0123456789ABCDEFGHIJ', name: 'example.com' };
const DOMAIN: CustomDomainConfig = { domainName: 'pricing.example.com', hostedZone: ZONE };
const IRELAND_CERT = 'arn:aws:acm:eu-west-1:333333333333:certificate/11111111-2222-3333-4444-555555555555';

function withDomain(env: EnvironmentConfig): EnvironmentConfig {
  if (env.name !== 'prod') return env;
  return {
    ...env,
    api: {
      ...env.api,
      customDomain: env.region === 'eu-west-1' ? { ...DOMAIN, certificateArn: IRELAND_CERT } : DOMAIN,
    },
  };
}

let ireland: Template;
let frankfurt: Template;
let dev: Template;

beforeAll(() => {
  const built = buildApp({
    environments: environments.filter((e) => e.name !== 'staging').map(withDomain),
    withPipeline: false,
    handlerEntries: FIXTURE_ENTRIES,
    context: committedContext(),
  });
  built.app.synth(); // cdk-nag and the CloudFormation validation run here and throw on findings
  const api = (id: string) => {
    const stage = built.stages.find((s) => s.stageName === `BetBuilder-${id}`);
    if (!stage) throw new Error(id);
    return Template.fromStack(stage.apiStack);
  };
  ireland = api('prod-eu-west-1');
  frankfurt = api('prod-eu-central-1');
  dev = api('dev-eu-west-1');
}, 240_000);

describe('custom domain (api.customDomain)', () => {
  it('creates a regional custom domain with TLS 1.2 and the configured certificate', () => {
    expectResource(ireland, 'AWS::ApiGateway::DomainName', {
      DomainName: 'pricing.example.com',
      EndpointConfiguration: { Types: ['REGIONAL'] },
      RegionalCertificateArn: IRELAND_CERT,
      SecurityPolicy: 'TLS_1_2',
    });
  });

  it('creates a DNS-validated certificate in the region when none is configured', () => {
    expectResource(frankfurt, 'AWS::CertificateManager::Certificate', {
      DomainName: 'pricing.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'pricing.example.com', HostedZoneId: ZONE.id }],
    });
  });

  it('uses the configured certificate instead of creating one', () => {
    expectResourceCount(ireland, 'AWS::CertificateManager::Certificate', 0);
  });

  it("maps the custom domain's root to the live stage", () => {
    expectResource(ireland, 'AWS::ApiGateway::BasePathMapping', {
      DomainName: Match.anyValue(),
      RestApiId: Match.anyValue(),
      Stage: Match.anyValue(),
      BasePath: Match.absent(),
    });
  });

  it('adds a latency-based alias record per region, identified by its region', () => {
    for (const [template, region] of [
      [ireland, 'eu-west-1'],
      [frankfurt, 'eu-central-1'],
    ] as const) {
      expectResource(template, 'AWS::Route53::RecordSet', {
        Name: 'pricing.example.com.',
        Type: 'A',
        HostedZoneId: ZONE.id,
        Region: region,
        SetIdentifier: region,
        AliasTarget: Match.objectLike({ DNSName: Match.anyValue() }),
      });
    }
  });

  it("ties each region's record to that region's health check", () => {
    const check = Object.keys(ireland.findResources('AWS::Route53::HealthCheck'));
    expect(check).toHaveLength(1);
    expectResource(ireland, 'AWS::Route53::RecordSet', {
      HealthCheckId: { Ref: check[0] },
    });
  });

  it("health-checks the region's own execute-api endpoint over HTTPS on the stage's health path", () => {
    expectResource(frankfurt, 'AWS::Route53::HealthCheck', {
      HealthCheckConfig: Match.objectLike({
        Type: 'HTTPS',
        Port: 443,
        ResourcePath: '/live/health',
        RequestInterval: 30,
        FailureThreshold: 3,
        FullyQualifiedDomainName: {
          'Fn::Join': [
            '',
            [{ Ref: Match.stringLikeRegexp('PricingApi') }, '.execute-api.eu-central-1.amazonaws.com'],
          ],
        },
      }),
    });
  });

  it('answers GET /health with a mock 200 and no authorisation (Route 53 cannot sign)', () => {
    expectResource(ireland, 'AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      AuthorizationType: 'NONE',
      Integration: Match.objectLike({
        Type: 'MOCK',
        IntegrationResponses: [Match.objectLike({ StatusCode: '200' })],
      }),
    });
  });

  it("lets anyone reach GET /health in the API's resource policy (and nothing else new)", () => {
    expectResource(ireland, 'AWS::ApiGateway::RestApi', {
      Policy: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowHealthChecks',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Resource: 'execute-api:/*/GET/health',
          }),
        ]),
      }),
    });
  });

  it('creates nothing of it when the environment has no custom domain', () => {
    for (const type of [
      'AWS::ApiGateway::DomainName',
      'AWS::ApiGateway::BasePathMapping',
      'AWS::CertificateManager::Certificate',
      'AWS::Route53::RecordSet',
      'AWS::Route53::HealthCheck',
    ]) {
      expect([type, Object.keys(dev.findResources(type)).length]).toEqual([type, 0]);
    }
    const policy = JSON.stringify(dev.findResources('AWS::ApiGateway::RestApi'));
    expect(policy).not.toContain('AllowHealthChecks');
    expect(JSON.stringify(dev.findResources('AWS::ApiGateway::Resource'))).not.toContain(
      '"PathPart":"health"',
    );
  });
});

describe('custom domain validation', () => {
  const prodIreland = environments.find((e) => e.name === 'prod' && e.region === 'eu-west-1')!;
  const issues = (customDomain: CustomDomainConfig) =>
    validateEnvironment({ ...prodIreland, api: { ...prodIreland.api, customDomain } }).map((i) => i.message);

  it('refuses a certificate from another region, saying where it must be', () => {
    expect(
      issues({ ...DOMAIN, certificateArn: 'arn:aws:acm:us-east-1:333333333333:certificate/abc-123' }),
    ).toEqual([
      'the certificate is in us-east-1, but a regional custom domain needs one in eu-west-1: request or import it there, or leave certificateArn out to create one',
    ]);
  });

  it('refuses a domain outside its hosted zone', () => {
    expect(issues({ ...DOMAIN, domainName: 'pricing.example.org' })).toEqual([
      'pricing.example.org is not inside the hosted zone example.com; use a name in that zone or its zone',
    ]);
  });

  it('refuses regions of one environment that name different domains', () => {
    const envs = environments.map((e) =>
      e.name === 'prod' && e.region === 'eu-west-1' ? { ...e, api: { ...e.api, customDomain: DOMAIN } } : e,
    );
    expect(() => validateEnvironments(envs)).toThrow(
      /prod's regions name different custom domains .*give every region of prod the same domain and zone, or none/,
    );
  });
});

import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import type { CustomDomainConfig } from '../config/types';

export interface CustomDomainProps {
  readonly config: CustomDomainConfig;
  readonly region: string;
  readonly api: apigw.RestApi;
  /** The stage's public health path, answered by API Gateway itself, e.g. `/live/health`. */
  readonly healthPath: string;
}

/** The health route's path under the stage (a mock answering 200, no function invoked, open to everyone). */
export const HEALTH_RESOURCE = 'health';

/**
 * This region's part of the environment's one host name: a regional custom domain (its certificate given or created
 * with DNS validation), the stage mapped at its root, a Route 53 HTTPS health check on this region's execute-api
 * endpoint, and a latency-based alias record (set identifier = the region) that carries that health check, so Route 53
 * answers each caller with the nearest healthy region.
 */
export class CustomDomain extends Construct {
  readonly domain: apigw.DomainName;
  readonly healthCheck: route53.HealthCheck;
  readonly record: route53.ARecord;

  constructor(scope: Construct, id: string, props: CustomDomainProps) {
    super(scope, id);
    const { config, region, api } = props;
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: config.hostedZone.id,
      zoneName: config.hostedZone.name.replace(/\.$/, ''),
    });
    const certificate = config.certificateArn
      ? acm.Certificate.fromCertificateArn(this, 'Certificate', config.certificateArn)
      : new acm.Certificate(this, 'Certificate', {
          domainName: config.domainName,
          validation: acm.CertificateValidation.fromDns(zone),
        });

    this.domain = new apigw.DomainName(this, 'Domain', {
      domainName: config.domainName,
      certificate,
      endpointType: apigw.EndpointType.REGIONAL,
      securityPolicy: apigw.SecurityPolicy.TLS_1_2,
    });
    this.domain.addBasePathMapping(api, { stage: api.deploymentStage });

    // The execute-api host of this region, not the shared name: the check must reach this region whatever DNS answers.
    this.healthCheck = new route53.HealthCheck(this, 'HealthCheck', {
      type: route53.HealthCheckType.HTTPS,
      fqdn: `${api.restApiId}.execute-api.${region}.amazonaws.com`,
      port: 443,
      resourcePath: props.healthPath,
      requestInterval: Duration.seconds(30),
      failureThreshold: 3,
    });

    this.record = new route53.ARecord(this, 'LatencyRecord', {
      zone,
      recordName: config.domainName,
      target: route53.RecordTarget.fromAlias(new targets.ApiGatewayDomain(this.domain)),
      region,
      setIdentifier: region,
      healthCheck: this.healthCheck,
    });
  }
}

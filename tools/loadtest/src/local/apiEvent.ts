import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The API Gateway REST (payload v1) proxy event the handlers receive, reduced to what a proxy fills in. */
export interface ApiGatewayEvent {
  resource: string;
  path: string;
  httpMethod: string;
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  queryStringParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
  pathParameters: Record<string, string> | null;
  stageVariables: null;
  requestContext: {
    accountId: string;
    apiId: string;
    resourceId: string;
    resourcePath: string;
    httpMethod: string;
    path: string;
    stage: string;
    requestId: string;
    requestTimeEpoch: number;
    protocol: string;
    identity: { sourceIp: string; userAgent: string | null };
  };
  body: string | null;
  isBase64Encoded: boolean;
}

/** The routes of the contract and the resource each maps to. */
export function matchRoute(
  method: string,
  pathname: string,
):
  | { fn: 'price' | 'opinion' | 'verify'; resource: string; pathParameters: Record<string, string> | null }
  | undefined {
  if (method === 'POST' && pathname === '/v1/price')
    return { fn: 'price', resource: '/v1/price', pathParameters: null };
  if (method === 'POST' && pathname === '/v1/quotes/verify')
    return { fn: 'verify', resource: '/v1/quotes/verify', pathParameters: null };
  const m = /^\/v1\/fixtures\/([^/]+)$/.exec(pathname);
  if (m && (method === 'PUT' || method === 'GET')) {
    return {
      fn: 'opinion',
      resource: '/v1/fixtures/{fixtureId}',
      pathParameters: { fixtureId: decodeURIComponent(m[1]!) },
    };
  }
  return undefined;
}

/**
 * Builds the REST API (v1) proxy event API Gateway would send for an HTTP request.
 *
 * @example
 * const event = toApiGatewayEvent({ method: 'POST', url: '/v1/price', headers: req.headers, body, sourceIp: '127.0.0.1' }, route);
 */
export function toApiGatewayEvent(
  req: { method: string; url: string; headers: IncomingHttpHeaders; body: string; sourceIp: string },
  route: { resource: string; pathParameters: Record<string, string> | null },
): ApiGatewayEvent {
  const url = new URL(req.url, 'http://local');
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    const values = Array.isArray(v) ? v : [v];
    headers[k] = values.join(',');
    multiValueHeaders[k] = values;
  }
  const qs: Record<string, string> = {};
  const mqs: Record<string, string[]> = {};
  url.searchParams.forEach((v, k) => {
    qs[k] = v;
    (mqs[k] ??= []).push(v);
  });
  const hasQs = Object.keys(qs).length > 0;
  return {
    resource: route.resource,
    path: url.pathname,
    httpMethod: req.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQs ? qs : null,
    multiValueQueryStringParameters: hasQs ? mqs : null,
    pathParameters: route.pathParameters,
    stageVariables: null,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      resourceId: 'local',
      resourcePath: route.resource,
      httpMethod: req.method,
      path: `/local${url.pathname}`,
      stage: 'local',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      protocol: 'HTTP/1.1',
      identity: { sourceIp: req.sourceIp, userAgent: headers['user-agent'] ?? null },
    },
    body: req.body === '' ? null : req.body,
    isBase64Encoded: false,
  };
}

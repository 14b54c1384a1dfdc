import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';

/** The routes API Gateway would expose, with their resource templates. */
const RESOURCES: readonly { resource: string; pattern: RegExp; params: readonly string[] }[] = [
  { resource: '/v1/price', pattern: /^\/v1\/price$/, params: [] },
  { resource: '/v1/fixtures', pattern: /^\/v1\/fixtures$/, params: [] },
  { resource: '/v1/quotes/verify', pattern: /^\/v1\/quotes\/verify$/, params: [] },
  { resource: '/v1/fixtures/{fixtureId}', pattern: /^\/v1\/fixtures\/([^/]+)$/, params: ['fixtureId'] },
  {
    resource: '/v1/fixtures/{fixtureId}/markets',
    pattern: /^\/v1\/fixtures\/([^/]+)\/markets$/,
    params: ['fixtureId'],
  },
];

/** What the adapter needs of a request: Node's `IncomingMessage` fits. */
export interface AdapterRequest {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly socket?: { readonly remoteAddress?: string | undefined } | undefined;
}

export interface AdapterOptions {
  /** @default 'local' */
  readonly stage?: string;
  /** @default randomUUID() */
  readonly requestId?: string;
}

/**
 * Turns an HTTP request into the API Gateway REST API (proxy integration, payload v1) event a Lambda receives,
 * so handlers run unchanged locally: `resource`, `path`, `pathParameters`, single- and multi-value headers and
 * query strings, `requestContext` (request id, stage, source IP, time), body as a UTF-8 string.
 *
 * @example
 * const event = toApiGatewayEvent(req, bodyBuffer);
 * const result = await priceHandler(event, context);
 */
export function toApiGatewayEvent(
  req: AdapterRequest,
  body: string | Buffer | undefined,
  opts: AdapterOptions = {},
): APIGatewayProxyEvent {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = decodeURIComponentSafe(url.pathname);
  let resource = path;
  let pathParameters: Record<string, string> | null = null;
  for (const r of RESOURCES) {
    const m = r.pattern.exec(url.pathname);
    if (!m) continue;
    resource = r.resource;
    if (r.params.length > 0) {
      pathParameters = {};
      r.params.forEach((name, i) => (pathParameters![name] = decodeURIComponentSafe(m[i + 1] ?? '')));
    }
    break;
  }

  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    headers[name] = values.join(',');
    multiValueHeaders[name] = values;
  }
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [k, v] of url.searchParams) {
    query[k] = v;
    (multiQuery[k] ??= []).push(v);
  }
  const hasQuery = Object.keys(query).length > 0;
  const method = (req.method ?? 'GET').toUpperCase();
  const text = body === undefined ? '' : typeof body === 'string' ? body : body.toString('utf8');
  const now = new Date();
  const requestId = opts.requestId ?? randomUUID();
  const stage = opts.stage ?? 'local';
  const sourceIp = req.socket?.remoteAddress ?? '127.0.0.1';

  return {
    resource,
    path,
    httpMethod: method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters,
    stageVariables: null,
    body: text === '' ? null : text,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: method,
      path: `/${stage}${path}`,
      stage,
      requestId,
      requestTimeEpoch: now.getTime(),
      resourceId: 'local',
      resourcePath: resource,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp,
        user: null,
        userAgent: headers['user-agent'] ?? null,
        userArn: null,
      },
    },
  };
}

/** True when the adapter knows the path as one of the API's resources. */
export function isKnownResource(event: Pick<APIGatewayProxyEvent, 'resource' | 'path'>): boolean {
  return RESOURCES.some((r) => r.resource === event.resource);
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

import { InvokeCommand, type InvokeCommandOutput } from '@aws-sdk/client-lambda';
import type { Transport, TransportRequest } from '@betbuilder/client';
import type { APIGatewayProxyEvent } from 'aws-lambda';

/** The API Gateway resources of the deployed API (the OpenAPI registry's routes, less the local server's). */
export const API_RESOURCES = [
  '/v1/price',
  '/v1/quotes/verify',
  '/v1/fixtures',
  '/v1/fixtures/{fixtureId}',
  '/v1/fixtures/{fixtureId}/markets',
] as const;

export type ApiResource = (typeof API_RESOURCES)[number];

/** What the transport needs of a Lambda client: `send` of an InvokeCommand (the SDK's LambdaClient fits). */
export interface LambdaInvoker {
  send(command: InvokeCommand, options?: { abortSignal?: AbortSignal }): Promise<InvokeCommandOutput>;
}

export interface LambdaInvokeTransportOptions {
  readonly lambda: LambdaInvoker;
  /** The function (ARN or name, alias included) behind a route, or undefined when none may be invoked. */
  readonly functionFor: (route: {
    readonly method: string;
    readonly resource: ApiResource;
  }) => string | undefined;
  /** The stage the events claim to come through. @default 'live' */
  readonly stage?: string;
  /** `requestContext.identity.userAgent` when the request sets none. @default 'betbuilder-client' */
  readonly userAgent?: string;
}

/**
 * A `@betbuilder/client` transport that invokes the function behind each route directly (Lambda Invoke) with the API
 * Gateway REST proxy event (payload v1) the handlers parse, and reads their proxy result back as the HTTP answer: the
 * typed client past API Gateway (no IP allow-list, no SigV4 on the route; the caller needs `lambda:InvokeFunction`).
 * The client's `baseUrl` only supplies the path: use `lambda://<stage>/`.
 *
 * @example
 * const client = new PricingClient({
 *   baseUrl: 'lambda://live/',
 *   iam: false,
 *   transport: lambdaInvokeTransport({ lambda: new LambdaClient({ region }), functionFor: () => priceAliasArn }),
 * });
 */
export function lambdaInvokeTransport(o: LambdaInvokeTransportOptions): Transport {
  return async (req) => {
    const { resource, pathParameters } = matchResource(req.url.pathname);
    const functionName = o.functionFor({ method: req.method, resource });
    if (functionName === undefined) throw new Error(`no function to invoke for ${req.method} ${resource}`);
    const event = apiGatewayEvent(req, resource, pathParameters, o);
    const out = await o.lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        Payload: new TextEncoder().encode(JSON.stringify(event)),
      }),
      { abortSignal: req.signal },
    );
    const text = out.Payload ? new TextDecoder().decode(out.Payload) : '';
    if (out.FunctionError)
      throw new Error(`${functionName} failed (${out.FunctionError}): ${text.slice(0, 300)}`);
    const result = parseProxyResult(text);
    if (result === undefined) {
      throw new Error(`${functionName} answered no API Gateway proxy result: ${text.slice(0, 300)}`);
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(result.headers ?? {}))
      headers[name.toLowerCase()] = String(value);
    const body =
      result.isBase64Encoded === true
        ? Buffer.from(result.body ?? '', 'base64').toString('utf8')
        : (result.body ?? '');
    return { status: result.statusCode, headers, body };
  };
}

/** The API Gateway resource of a path, with its path parameters (decoded). Throws for a path the API does not have. */
export function matchResource(pathname: string): {
  resource: ApiResource;
  pathParameters: Record<string, string> | null;
} {
  const parts = pathname.split('/').filter((p) => p !== '');
  for (const resource of API_RESOURCES) {
    const template = resource.split('/').filter((p) => p !== '');
    if (template.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matches = template.every((t, i) => {
      const m = /^\{(\w+)\}$/.exec(t);
      if (m) params[m[1]!] = decodeURIComponent(parts[i]!);
      return m !== null || t === parts[i];
    });
    if (matches) return { resource, pathParameters: Object.keys(params).length > 0 ? params : null };
  }
  throw new Error(`${pathname} is not a route of the API`);
}

function apiGatewayEvent(
  req: TransportRequest,
  resource: ApiResource,
  pathParameters: Record<string, string> | null,
  o: LambdaInvokeTransportOptions,
): APIGatewayProxyEvent {
  const stage = o.stage ?? 'live';
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name.toLowerCase()] = value;
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  req.url.searchParams.forEach((v, k) => {
    query[k] = v;
    (multiQuery[k] ??= []).push(v);
  });
  const hasQuery = Object.keys(query).length > 0;
  const path = req.url.pathname;
  return {
    resource,
    path,
    httpMethod: req.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters,
    stageVariables: null,
    body: req.body ?? null,
    isBase64Encoded: false,
    requestContext: {
      requestId: `invoke-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`,
      httpMethod: req.method,
      path: `/${stage}${path}`,
      resourcePath: resource,
      stage,
      identity: {
        sourceIp: '127.0.0.1',
        userAgent: headers['user-agent'] ?? o.userAgent ?? 'betbuilder-client',
      },
    } as APIGatewayProxyEvent['requestContext'],
  };
}

interface ProxyResult {
  statusCode: number;
  headers?: Record<string, unknown>;
  body?: string;
  isBase64Encoded?: boolean;
}

function parseProxyResult(text: string): ProxyResult | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const r = value as Partial<ProxyResult> | null;
  return typeof r === 'object' && r !== null && typeof r.statusCode === 'number'
    ? (r as ProxyResult)
    : undefined;
}

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

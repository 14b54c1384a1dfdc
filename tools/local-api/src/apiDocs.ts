import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildOpenApiDocument } from '@betbuilder/pricing-lambda';
import type { APIGatewayProxyResult } from 'aws-lambda';

/** The renderer's files, served from node_modules (swagger-ui-dist: a static bundle, no CDN, no network at run time). */
const ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  '/docs/swagger-ui.css': { file: 'swagger-ui.css', type: 'text/css; charset=utf-8' },
  '/docs/swagger-ui-bundle.js': { file: 'swagger-ui-bundle.js', type: 'text/javascript; charset=utf-8' },
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Bet-builder pricing API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <div id="api-reference"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#api-reference', deepLinking: true });
  </script>
</body>
</html>
`;

/**
 * `/openapi.json` (the generated document, with this server first in `servers`), `/docs` (the document rendered by
 * Swagger UI) and the renderer's assets; undefined for any other path.
 *
 * @example
 * const docs = createApiDocs('http://127.0.0.1:3000');
 * const res = docs('/openapi.json'); // { statusCode: 200, body: '{"openapi":"3.1.0",…' }
 */
export function createApiDocs(baseUrl: string): (path: string) => APIGatewayProxyResult | undefined {
  const doc = buildOpenApiDocument();
  const servers = (doc.servers as { url: string }[]).filter((s) => s.url !== baseUrl);
  const openapi = JSON.stringify({
    ...doc,
    servers: [{ url: baseUrl, description: 'this server' }, ...servers],
  });
  const root = dirname(require.resolve('swagger-ui-dist/package.json'));
  const cache = new Map<string, string>();
  return (path) => {
    if (path === '/openapi.json') return text(200, 'application/json', openapi);
    if (path === '/docs' || path === '/docs/') return text(200, 'text/html; charset=utf-8', PAGE);
    const asset = ASSETS[path];
    if (asset === undefined) return undefined;
    let body = cache.get(path);
    if (body === undefined) {
      body = readFileSync(join(root, asset.file), 'utf8');
      cache.set(path, body);
    }
    return text(200, asset.type, body);
  };
}

function text(statusCode: number, type: string, body: string): APIGatewayProxyResult {
  return { statusCode, headers: { 'content-type': type, 'cache-control': 'no-cache' }, body };
}

export {
  buildOpenApiDocument,
  legComponentName,
  API_VERSION,
  type OpenApiDocument,
} from './buildOpenApiDocument';
export { ROUTES, type RouteDoc, type RouteAuth, type BodyDoc } from './routes';
export { LEG_DOCS, type LegDoc } from './legDocs';
export { contractExamples, ERROR_EXAMPLES, type ContractExamples } from './examples';
export {
  storedOpinionSchema,
  opinionBodySchema,
  priceResponseSchema,
  errorResponseSchema,
  healthResponseSchema,
} from './schemas';
export { renderApiReference } from './renderApiReference';

/*
 * Price-function entry of baseline B (bundled by the load test like the real handler): the real price handler on a
 * runtime whose fixture-model cache is Redis-only with JSON.
 */
import { createPriceHandler, createRuntime, lambdaEntry, loadConfig } from '@betbuilder/pricing-lambda';
import { redisJsonModelCache } from './modelCaches';

export const handler = lambdaEntry(() =>
  createPriceHandler(createRuntime(loadConfig(process.env), { models: redisJsonModelCache })),
);

/*
 * Price-function entry of baseline A (bundled by the load test like the real handler): the real price handler on a
 * runtime whose fixture-model cache is in-process only.
 */
import { createPriceHandler, createRuntime, lambdaEntry, loadConfig } from '@betbuilder/pricing-lambda';
import { l1OnlyModelCache } from './modelCaches';

export const handler = lambdaEntry(() =>
  createPriceHandler(createRuntime(loadConfig(process.env), { models: l1OnlyModelCache })),
);

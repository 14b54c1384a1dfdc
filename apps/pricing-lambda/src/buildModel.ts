import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import {
  buildFixtureModel,
  type FixtureModel,
  type Opinion,
  type SectionName,
} from '@betbuilder/pricing-model';
import { traceSync, type Tracing } from './observability';

/**
 * Builds a fixture's model with each section in its own X-Ray subsegment (`model.goals`, `model.cards`,
 * `model.corners`, `model.players`) and records the build time (EMF `ModelBuildTime`).
 */
export function buildModel(opinion: Opinion, deps: { tracer: Tracing; metrics: Metrics }): FixtureModel {
  const started = performance.now();
  const model = buildFixtureModel(opinion, {
    section: <T>(name: SectionName, fn: () => T): T => traceSync(deps.tracer, `model.${name}`, fn),
  });
  deps.metrics.addMetric('ModelBuildTime', MetricUnit.Milliseconds, performance.now() - started);
  return model;
}

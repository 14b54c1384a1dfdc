import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import {
  buildModelSections,
  type BuiltSections,
  type Opinion,
  type SectionName,
} from '@betbuilder/pricing-model';
import type { BuildRequest } from './ModelStore';
import { traceSync, type Tracing } from './observability';

/**
 * Builds the sections of a fixture's model a read asks for (`buildModelSections`: the core and those sections, no
 * count chain a bet does not need, ADR 0035), each chain in its own X-Ray subsegment (`model.goals`, `model.cards`,
 * `model.corners`, `model.players`), and records the build time: EMF `ModelBuildTime` for a version's build (its core
 * was missing), `ModelSectionBuildTime` for sections built beside a cached core.
 *
 * @example
 * await models.read(fixtureId, opinion.inputsVersion, sectionsNeeded(legs), (r) => buildModel(opinion, deps, r));
 */
export function buildModel(
  opinion: Opinion,
  deps: { tracer: Tracing; metrics: Metrics },
  request: BuildRequest,
): BuiltSections {
  const started = performance.now();
  const built = buildModelSections(opinion, request.sections, {
    section: <T>(name: SectionName, fn: () => T): T => traceSync(deps.tracer, `model.${name}`, fn),
  });
  deps.metrics.addMetric(
    request.core ? 'ModelBuildTime' : 'ModelSectionBuildTime',
    MetricUnit.Milliseconds,
    performance.now() - started,
  );
  return built;
}

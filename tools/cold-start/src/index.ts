export { buildBundle, BENCH_HANDLERS, type BuiltBundle } from './buildBundle';
export { measureInit, measureInstructions, quantile, type InitSample } from './measureInit';
export {
  runBench,
  runInstructionBench,
  type InstructionRow,
  buildBenchBundles,
  firstEvents,
  benchEnvironment,
  profileBench,
  type BenchRow,
  type BenchOptions,
  type BenchVariant,
} from './runBench';
export { profileInit, type InitProfile } from './profileInit';

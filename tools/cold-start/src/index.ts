export { buildBundle, BENCH_HANDLERS, type BuiltBundle } from './buildBundle';
export { measureInit, quantile, type InitSample } from './measureInit';
export { runBench, type BenchRow, type BenchOptions } from './runBench';

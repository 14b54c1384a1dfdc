export {
  histogramPercentiles,
  histogramToDistribution,
  mergeHistograms,
  type HistogramPoint,
  type HistogramStats,
} from './histogram';
export {
  fetchServiceGraphHistogram,
  fetchTimeSeriesHistogram,
  ServiceNotFoundError,
  type HistogramResult,
} from './fetchHistograms';
export { parseWindow } from './window';
export { runXrayHistogram, type XrayHistogramOptions } from './run';

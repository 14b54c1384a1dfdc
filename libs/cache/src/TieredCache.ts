import type {
  CacheSource,
  CacheStats,
  GetOrComputeOptions,
  SetOptions,
  TieredCacheOptions,
} from './types/cache';

/** Work in progress: the API surface other packages code against. */
export class TieredCache<V> {
  constructor(readonly options: TieredCacheOptions<V>) {}
  getOrCompute(
    _key: string,
    _compute: () => Promise<V> | V,
    _opts?: GetOrComputeOptions,
  ): Promise<{ value: V; source: CacheSource }> {
    throw new Error('not implemented yet');
  }
  get(_key: string): Promise<V | undefined> {
    throw new Error('not implemented yet');
  }
  set(_key: string, _value: V, _opts?: SetOptions): Promise<void> {
    throw new Error('not implemented yet');
  }
  delete(_key: string): Promise<void> {
    throw new Error('not implemented yet');
  }
  stats(): CacheStats {
    throw new Error('not implemented yet');
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** The environment is missing or has an invalid variable; thrown at init so the function fails fast. */
export class ConfigError extends Error {
  static readonly code = 'CONFIG_INVALID';
  readonly code = ConfigError.code;
  override readonly name = 'ConfigError';
}

/** One problem found in an environment config. */
export interface ConfigIssue {
  /** `<environment id>: <field path>`, e.g. `prod-eu-west-1: vpc.cidr`. */
  readonly where: string;
  readonly message: string;
}

/** Thrown before any construct is created when the environment list is invalid; lists every issue at once. */
export class EnvironmentConfigError extends Error {
  readonly code = 'INVALID_ENVIRONMENT_CONFIG' as const;
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(
      `invalid environment config (${issues.length} issue${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((i) => `  - ${i.where}: ${i.message}`).join('\n'),
    );
    this.name = 'EnvironmentConfigError';
    this.issues = issues;
  }
}

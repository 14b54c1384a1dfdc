// Shared Jest preset: every project's jest.config.js spreads this.
// @swc/jest transpiles TypeScript (no type-checking: that is the `typecheck` target).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)s$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  // Integration tests spawn real redis-server / dynalite; give them room on a 2-core machine.
  testTimeout: 30000,
  clearMocks: true,
};

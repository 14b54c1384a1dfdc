import type { Context } from 'aws-lambda';

/**
 * A Lambda entry point from a handler factory: one handler per container. Inside Lambda (`AWS_LAMBDA_FUNCTION_NAME`
 * set) the handler — and with it every client — is built at module load, during init, which runs with a full CPU;
 * elsewhere (tests, tools importing the module) it is built on the first call, so importing has no side effects.
 *
 * @example
 * export const handler = lambdaEntry(() => createHandler(getDefaultRuntime()));
 */
export function lambdaEntry<E, R>(
  build: () => (event: E, context: Context) => Promise<R>,
): (event: E, context: Context) => Promise<R> {
  let built = process.env.AWS_LAMBDA_FUNCTION_NAME ? build() : undefined;
  return (event, context) => (built ??= build())(event, context);
}

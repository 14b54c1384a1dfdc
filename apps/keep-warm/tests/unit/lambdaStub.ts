import {
  InvokeCommand,
  LambdaClient,
  type InvokeCommandInput,
  type InvokeCommandOutput,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';

/** The SDK wraps Payload in a Uint8Array subclass; the handler only reads the bytes. */
type InvokeAnswer = Omit<Partial<InvokeCommandOutput>, 'Payload'> & { Payload?: Uint8Array };

/** The aws-sdk-client-mock behaviour chain, typed for InvokeCommand only. */
export interface InvokeBehavior {
  resolves(answer: InvokeAnswer): InvokeBehavior;
  resolvesOnce(answer: InvokeAnswer): InvokeBehavior;
  rejects(error: Error): InvokeBehavior;
  rejectsOnce(error: Error): InvokeBehavior;
  callsFake(fn: (input: InvokeCommandInput) => InvokeAnswer | Promise<InvokeAnswer>): InvokeBehavior;
  callsFakeOnce(fn: (input: InvokeCommandInput) => InvokeAnswer | Promise<InvokeAnswer>): InvokeBehavior;
}

export interface LambdaStub {
  reset(): void;
  onInvoke(): InvokeBehavior;
  invokeCalls(): InvokeCommandInput[];
}

/**
 * aws-sdk-client-mock on LambdaClient. The workspace hoists @smithy/types 3.x (used by the mock's
 * declarations) next to the 4.x the v3 clients use: same runtime, mismatched declarations, so the stub
 * is typed here once instead of casting in every test.
 */
export function stubLambda(): LambdaStub {
  const stub = mockClient(LambdaClient as never) as unknown as {
    reset(): void;
    on(command: unknown): InvokeBehavior;
    commandCalls(command: unknown): { args: [{ input: InvokeCommandInput }] }[];
  };
  return {
    reset: () => stub.reset(),
    onInvoke: () => stub.on(InvokeCommand),
    invokeCalls: () => stub.commandCalls(InvokeCommand).map((c) => c.args[0].input),
  };
}

/** What Lambda throws when the function is at its concurrency limit. */
export function throttleError(): Error {
  return Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
}

/** An invocation's payload bytes, as the SDK returns them. */
export const payload = (json: string): Uint8Array => new TextEncoder().encode(json);

import {
  isOperationName,
  operations,
  type OperationName,
  type OperationOutput,
  type OperationParsedInput,
} from '../../../shared/operations';
import { AppError, validationError } from '../../../shared/errors';
import { type Actor, hasPermission } from './actor';
import { StreamedText } from './streamed-text';

export interface OperationContext {
  actor: Actor;
}

/** One handler per operation of the contract; the type makes a missing one a compile error. */
export type OperationHandlers = {
  [N in OperationName]: (
    input: OperationParsedInput<N>,
    context: OperationContext,
  ) => Promise<OperationOutput<N> | StreamedText> | OperationOutput<N> | StreamedText;
};

export interface InvokeOptions {
  /** The adapter can stream: a `StreamedText` answer comes back as is instead of collected. */
  acceptStream?: boolean;
}

export type InvokeOperation = (name: string, rawInput: unknown, actor: Actor, options?: InvokeOptions) => Promise<unknown>;

/**
 * The single door every adapter (IPC, REST, MCP, CLI) goes through: known operation, permission,
 * input schema, handler, then the output schema as an allow-list of what may leave.
 */
export function createOperationInvoker(handlers: OperationHandlers): InvokeOperation {
  return async (name, rawInput, actor, options = {}) => {
    if (!isOperationName(name)) throw new AppError('not_found', `Unknown operation: ${String(name).slice(0, 100)}`);
    const spec = operations[name];
    if (!hasPermission(actor, spec.permission)) {
      throw new AppError('forbidden', `Missing permission ${spec.permission}`, { permission: spec.permission });
    }
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) throw validationError(parsed.error.issues);
    const handler = handlers[name] as (input: unknown, context: OperationContext) => unknown;
    const result = await handler(parsed.data, { actor });
    if (result instanceof StreamedText) return options.acceptStream ? result : spec.output.parse(await result.collect());
    return spec.output.parse(result);
  };
}

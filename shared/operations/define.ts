import type { z } from 'zod';
import type { Permission } from '../permissions';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * One operation of the contract: what it takes, what it returns, who may call it, and where it
 * lives under /api/v1. IPC, REST, MCP and the renderer client are all derived from these.
 */
export interface OperationSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  summary: string;
  input: I;
  output: O;
  permission: Permission;
  http: { method: HttpMethod; path: string; successStatus?: number };
}

/** Keeps the literal types of a spec while checking its shape. */
export function defineOperation<I extends z.ZodType, O extends z.ZodType>(spec: OperationSpec<I, O>): OperationSpec<I, O> {
  return spec;
}

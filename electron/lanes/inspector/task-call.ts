import { z } from 'zod';
import type { NormalizedTool } from '../../../shared/tools/validate-tool';
import type { Connection } from './connection';

const RawResult = z.looseObject({});
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** How long the server keeps a task the lane started (SEP-1686 `task.ttl`): as long as the lane waits for a person. */
export const TASK_TTL_MS = 5 * 60_000;

/**
 * A tool whose `execution.taskSupport` is "required" refuses a plain `tools/call` (the SDK answers
 * -32601 "requires task augmentation"), so the lane calls it as a task; "optional" and
 * "forbidden" tools are called plainly, as most clients do.
 */
export function mustRunAsTask(tool: Pick<NormalizedTool, 'execution'> | undefined): boolean {
  return tool?.execution?.taskSupport === 'required';
}

export interface TaskCall {
  /** The tool's CallToolResult, read with tasks/result (or the plain answer of a server that ran it at once). */
  result: Record<string, unknown>;
  /** Absent when the server answered the call without creating a task. */
  task?: { taskId: string; status?: string; statusMessage?: string };
}

type Send = (method: string, params: Record<string, unknown>) => Promise<Record<string, unknown>>;

/**
 * Runs one tool call as a task: `tools/call` with `params.task` answers a CreateTaskResult, then
 * `tasks/result` waits for the end. That one request is enough: the server holds it open until the
 * task is terminal and sends the requests it queued for the task (an elicitation while the task is
 * `input_required`) on its way, which the client's handlers answer as usual. A closing `tasks/get`
 * records the final status beside the result.
 */
export async function callAsTask(send: Send, name: string, args: Record<string, unknown>): Promise<TaskCall> {
  const created = await send('tools/call', { name, arguments: args, task: { ttl: TASK_TTL_MS } });
  const task = isRecord(created.task) && typeof created.task.taskId === 'string' ? created.task : undefined;
  if (!task) return { result: created };
  const taskId = task.taskId as string;
  const result = await send('tasks/result', { taskId });
  const final = await send('tasks/get', { taskId }).catch(() => task);
  return {
    result,
    task: {
      taskId,
      ...(typeof final.status === 'string' ? { status: final.status } : {}),
      ...(typeof final.statusMessage === 'string' ? { statusMessage: final.statusMessage } : {}),
    },
  };
}

/** `send` over a lane's connection: any result object is kept as received (the lane checks it against MCP's schema afterwards). */
export function connectionSender(connection: Connection, options: { timeout: number; signal: AbortSignal }): Send {
  return (method, params) => connection.client.request({ method, params } as Parameters<Connection['client']['request']>[0], RawResult, options) as Promise<Record<string, unknown>>;
}

import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { ElicitRequestParams } from '@modelcontextprotocol/client';
import { MemorySink } from '../../capture/memory-sink';
import { runInspectorLane } from './inspector-lane';
import { mustRunAsTask } from './task-call';

// server-everything's simulate-research-query has execution.taskSupport "required": a plain
// tools/call gets -32601 "requires task augmentation", so only a task-aware call exercises it.
const everything = createRequire(import.meta.url).resolve('@modelcontextprotocol/server-everything/dist/index.js');
const target = { kind: 'stdio' as const, command: process.execPath, args: [everything, 'stdio'] };

describe('tools that must run as tasks', () => {
  it('are recognised by their execution.taskSupport', () => {
    expect(mustRunAsTask({ execution: { taskSupport: 'required' } })).toBe(true);
    expect(mustRunAsTask({ execution: { taskSupport: 'optional' } })).toBe(false);
    expect(mustRunAsTask({})).toBe(false);
    expect(mustRunAsTask(undefined)).toBe(false);
  });

  it('are called with params.task, answer the elicitation the server queues for the task, and end with the task\'s result (server-everything over stdio)', async () => {
    const sink = new MemorySink();
    const asked: ElicitRequestParams[] = [];
    const result = await runInspectorLane({
      target, capabilities: 'all', requestTimeoutMs: 60_000,
      call: { name: 'simulate-research-query', arguments: { topic: 'python', ambiguous: true } },
      answers: { elicit: (params) => { asked.push(params); return Promise.resolve({ action: 'accept', content: { interpretation: 'snake' } }); } },
    }, sink);

    expect(result.status).toBe('ok');
    expect(result.call?.error).toBeUndefined();
    expect(result.call?.task).toMatchObject({ status: 'completed' });
    const text = JSON.stringify(result.call?.result);
    expect(text).toContain('Research Report: python (snake)');
    expect(asked).toHaveLength(1);
    expect(asked[0]?.message).toContain('could have multiple interpretations');

    // On the wire: the call carries task.ttl, then tasks/result and tasks/get for the same task id, all in the evidence.
    const sent = sink.envelopes.filter((e) => e.layer === 'jsonrpc' && e.dir === 'out').map((e) => JSON.parse(e.raw) as { method?: string; params?: Record<string, unknown> });
    const call = sent.find((m) => m.method === 'tools/call');
    expect(call?.params?.task).toEqual({ ttl: 300_000 });
    const taskId = result.call?.task?.taskId;
    expect(sent.filter((m) => m.method === 'tasks/result' || m.method === 'tasks/get').map((m) => m.params?.taskId)).toEqual([taskId, taskId]);
    expect(result.call?.evidence).toHaveLength(6);
  }, 60_000);

  it('leaves other tools to a plain tools/call', async () => {
    const sink = new MemorySink();
    const result = await runInspectorLane({ target, call: { name: 'echo', arguments: { message: 'hi' } } }, sink);
    expect(result.call?.task).toBeUndefined();
    expect(JSON.stringify(result.call?.result)).toContain('Echo: hi');
    const call = sink.envelopes.filter((e) => e.layer === 'jsonrpc' && e.dir === 'out').map((e) => JSON.parse(e.raw) as { method?: string; params?: Record<string, unknown> }).find((m) => m.method === 'tools/call');
    expect(call?.params).not.toHaveProperty('task');
  }, 30_000);
});

import type { Client } from '@modelcontextprotocol/client';
import { z } from 'zod';
import type { ToolListing, ToolsPage } from '../../../shared/lanes/inspector-result';
import { issue, type ToolIssue } from '../../../shared/tools/issue';
import { validateToolList } from '../../../shared/tools/tool-list';
import { refuseTooDeep } from './depth-guard';
import type { WireRecorder } from './wire-recorder';

/** Accepts any result object: the SDK's strict ListToolsResultSchema would reject the whole page for one bad tool. */
const RawResult = z.looseObject({});

export interface ListOptions {
  trigger: ToolListing['trigger'];
  maxPages: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Walks tools/list to the end of its cursors (the SDK's listTools reads one page), stopping at
 * `maxPages` or when a cursor comes back a second time, and validates the tools one by one.
 */
export async function listAllTools(client: Client, recorder: WireRecorder, options: ListOptions): Promise<ToolListing> {
  const pages: ToolsPage[] = [];
  const rawTools: unknown[] = [];
  const pageIssues: ToolIssue[] = [];
  const seenCursors = new Set<string>();
  let cursor: string | undefined;
  let stoppedBecause: ToolListing['stoppedBecause'] = 'end';

  for (let index = 0; ; index++) {
    if (index >= options.maxPages) {
      stoppedBecause = 'page-limit';
      pageIssues.push(issue('page-limit', 'warning', '/nextCursor', `stopped after ${options.maxPages} pages; the server still offered nextCursor ${JSON.stringify(cursor)}, so the list may be incomplete`));
      break;
    }
    const page: ToolsPage = { index, toolCount: 0, ...(cursor !== undefined ? { cursor } : {}) };
    pages.push(page);
    let result: Record<string, unknown>;
    try {
      result = await client.request({ method: 'tools/list', params: cursor === undefined ? {} : { cursor } }, RawResult, { timeout: options.timeoutMs, signal: options.signal });
    } catch (error) {
      page.error = error instanceof Error ? error.message : String(error);
      stoppedBecause = 'error';
      break;
    } finally {
      const wire = recorder.lastExchange('tools/list');
      if (wire.request) page.requestSeq = wire.request.seq;
      if (wire.response) page.responseSeq = wire.response.seq;
    }

    const tooDeep = refuseTooDeep(result, recorder, `the tools/list result (page ${index})`, page.responseSeq === undefined ? undefined : { seq: page.responseSeq });
    if (tooDeep) {
      page.error = tooDeep;
      stoppedBecause = 'error';
      break;
    }
    if (Array.isArray(result.tools)) {
      page.toolCount = result.tools.length;
      rawTools.push(...(result.tools as unknown[]));
    } else {
      pageIssues.push(issue('tools-not-array', 'error', `/pages/${index}/tools`, `page ${index} has no tools array (got ${result.tools === undefined ? 'nothing' : typeof result.tools}); the SDK rejects it`));
    }

    const next = result.nextCursor;
    if (next === undefined) break;
    if (next === null) {
      pageIssues.push(issue('next-cursor-null', 'warning', `/pages/${index}/nextCursor`, 'nextCursor is null: the spec says omit it on the last page, and the SDK rejects null'));
      break;
    }
    if (typeof next !== 'string') {
      pageIssues.push(issue('next-cursor-invalid', 'error', `/pages/${index}/nextCursor`, `nextCursor must be a string, got ${typeof next}`));
      stoppedBecause = 'error';
      break;
    }
    page.nextCursor = next;
    if (seenCursors.has(next)) {
      stoppedBecause = 'cursor-loop';
      pageIssues.push(issue('cursor-loop', 'error', `/pages/${index}/nextCursor`, `nextCursor ${JSON.stringify(next)} was already followed: the server's pagination loops; a client that follows it never finishes`));
      break;
    }
    seenCursors.add(next);
    cursor = next;
  }

  const validated = validateToolList(rawTools);
  return { trigger: options.trigger, pages, stoppedBecause, tools: validated.tools, issues: [...pageIssues, ...validated.issues] };
}

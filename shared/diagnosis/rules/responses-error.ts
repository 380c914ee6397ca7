import { uniqueSeqs } from '../json';
import type { PlaygroundLaneView } from '../views/lane-view';
import type { DiagnosisFinding, Rule } from './rule';

const isResponses = (v: { kind: string }): v is PlaygroundLaneView => v.kind === 'responses';

/** The Responses API's 424 (external_connector_error): OpenAI could not list or call the MCP server; its message says why. */
export const responsesErrorRule: Rule = ({ views }) => views.filter(isResponses).flatMap((view) => view.exchanges.flatMap((exchange): DiagnosisFinding[] => {
  const error = exchange.error;
  // Streamed, the failure arrives as an `error` event after a 200 [guess]; its message still names the connector.
  const connector = exchange.status === 424 || error?.type === 'external_connector_error' || /^Error (retrieving tool list|calling tool)/.test(error?.message ?? '');
  if (!connector) return [];
  const message = error?.message ?? `HTTP ${exchange.status}`;
  const status = /Http status code: (\d{3})/.exec(message)?.[1];
  return [{
    id: 'responses.424', severity: 'error', lanes: [view.lane],
    title: `The Responses API ${exchange.status === 424 ? 'answered 424' : 'reported an external connector error'}: ${message.slice(0, 160)}`,
    detail: `POST /responses (seq ${exchange.requestSeq}) failed with HTTP ${exchange.status ?? '?'}${error?.code ? ` (${error.type ?? 'error'}, code ${error.code})` : ''}: "${message}". 424 means OpenAI's hosted client could not list the MCP server's tools (or a call failed or ran past about 60 s).${status ? ` The server's side answered HTTP ${status}.` : ''}`,
    evidence: uniqueSeqs([exchange.requestSeq, exchange.responseSeq, error?.seq]),
    fix: status === '401' || status === '403' ? 'Give the mcp tool a valid token ("authorization").'
      : status === '424' ? 'Make the server reachable from the public Internet (a tunnel for local servers) and check it accepts the proxied Host header.'
        : 'Check the server URL, transport and auth with the Inspector lane, then retry; the message names the failing step.',
    headline: `the Responses API ${exchange.status === 424 ? 'answers 424' : 'reports'} (${message.slice(0, 100)})`,
  }];
}));

import type { Envelope } from '../../capture/envelope';
import { isRecord, parseRecord, stringOf, uniqueSeqs } from '../json';
import type { DiagnosisFinding, Rule } from './rule';

interface ListItem {
  itemId: string;
  completed?: Envelope;
  done?: Envelope;
  doneTools?: number;
}

interface SocketStory {
  conn: string;
  items: Map<string, ListItem>;
  /** The client's close frame, or the tap's note that it vanished without one. */
  end?: { seq: number; t: number; how: string };
  /** seqs of client events, in order. */
  sent: number[];
  notDelivered: Set<number>;
}

/**
 * The user's own client (through the tap) closed or dropped its socket after
 * `mcp_list_tools.completed` and before `conversation.item.done`, where the tool list is: the
 * item.done came after the close, or never reached the client. Read per socket from the client
 * lane's frames. When both events reached the client before it closed, the wire cannot tell
 * which one it counted on, so nothing is claimed.
 */
export const clientClosedEarlyRule: Rule = ({ envelopes }) => sockets(envelopes).flatMap((story): DiagnosisFinding[] => {
  const end = story.end;
  if (!end) return [];
  for (const item of story.items.values()) {
    const completed = item.completed;
    if (!completed || completed.seq > end.seq) continue;
    const done = item.done;
    if (done && done.seq < end.seq && !story.notDelivered.has(done.seq)) continue;
    const sentAfter = story.sent.filter((seq) => seq > completed.seq && seq < end.seq).length;
    const gap = Math.round(end.t - completed.t);
    const tools = item.doneTools === undefined ? 'the tools' : `the ${item.doneTools} tool${item.doneTools === 1 ? '' : 's'}`;
    return [{
      id: 'client.closed-before-item-done', severity: 'error', lanes: ['client'],
      title: 'Your client closed its socket after mcp_list_tools.completed, before conversation.item.done brought the tools',
      detail: `On socket ${story.conn}, mcp_list_tools.completed for item ${item.itemId} arrived at seq ${completed.seq}; ${sentAfter === 0 ? 'the client sent nothing more and' : `after ${sentAfter} more event(s) the client`} ${end.how} ${gap} ms later (seq ${end.seq}). `
        + `conversation.item.done, which carries ${tools}, ${done ? `came at seq ${done.seq}, when the socket was already closed` : 'never reached it'}. `
        + 'mcp_list_tools.completed carries only event_id, type and item_id, so a client that counts tools there (or stops listening) reports 0 whatever the server offers.',
      evidence: uniqueSeqs([completed.seq, done?.seq, end.seq]),
      fix: 'Keep the socket open until the conversation.item.done whose item.type is "mcp_list_tools" (same item.id as the completed event\'s item_id) and read item.tools there; treat .completed as "listing finished", not as the list.',
      headline: 'your client closed its socket before conversation.item.done brought the tools',
    }];
  }
  return [];
});

function sockets(envelopes: readonly Envelope[]): SocketStory[] {
  const stories = new Map<string, SocketStory>();
  const story = (conn: string): SocketStory => {
    let found = stories.get(conn);
    if (!found) {
      found = { conn, items: new Map(), sent: [], notDelivered: new Set() };
      stories.set(conn, found);
    }
    return found;
  };
  for (const envelope of envelopes) {
    if (envelope.lane !== 'client') continue;
    if (envelope.layer === 'meta') {
      const meta = parseRecord(envelope.raw);
      if (meta?.kind === 'client-gone') story(envelope.conn).end ??= { seq: envelope.seq, t: envelope.t, how: 'dropped the connection without a close frame' };
      if (meta?.kind === 'not-delivered' && typeof meta.seq === 'number') story(envelope.conn).notDelivered.add(meta.seq);
      continue;
    }
    if (envelope.layer !== 'ws') continue;
    const s = story(envelope.conn);
    if (envelope.ws?.kind === 'close') {
      if (envelope.dir === 'out') s.end ??= { seq: envelope.seq, t: envelope.t, how: 'closed it' };
      continue;
    }
    if (envelope.ws?.kind !== 'text') continue;
    if (envelope.dir === 'out') {
      s.sent.push(envelope.seq);
      continue;
    }
    const event = parseRecord(envelope.raw);
    const type = stringOf(event?.type);
    if (type === 'mcp_list_tools.completed') {
      const itemId = stringOf(event?.item_id) ?? '?';
      const item = s.items.get(itemId) ?? { itemId };
      item.completed ??= envelope;
      s.items.set(itemId, item);
    } else if (type === 'conversation.item.done' && isRecord(event?.item) && event.item.type === 'mcp_list_tools') {
      const itemId = stringOf(event.item.id) ?? '?';
      const item = s.items.get(itemId) ?? { itemId };
      item.done ??= envelope;
      if (Array.isArray(event.item.tools)) item.doneTools = event.item.tools.length;
      s.items.set(itemId, item);
    }
  }
  return [...stories.values()];
}

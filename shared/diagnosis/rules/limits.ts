import type { Envelope, LaneId } from '../../capture/envelope';
import { describeLimitHit, formatLimit, LimitHitMeta, LIMITS, type LimitName } from '../../capture/limits';
import { LANE_NAMES } from '../views/build-views';
import { parseRecord, uniqueSeqs } from '../json';
import { count, type DiagnosisFinding, type Rule } from './rule';

interface Hit {
  meta: Envelope;
  text: string;
  limit: LimitName;
  frame?: number;
  /** A WebSocket message past message-bytes: `ws` closed that connection with this code (1009). */
  closed?: number;
}

/**
 * Every `limit-exceeded` meta a recorder or lane wrote: a frame larger than a named limit was
 * kept as head, tail and hash, or a step was stopped. Never silent: the user learns which
 * frame, which limit and what was kept, and how to raise it.
 */
export const limitsRule: Rule = ({ envelopes }) => {
  const byLane = new Map<LaneId, Hit[]>();
  const continued: { meta: Envelope; next: string; value: number }[] = [];
  for (const envelope of envelopes) {
    if (envelope.layer !== 'meta' || !envelope.raw.includes('limit-exceeded')) continue;
    const parsed = LimitHitMeta.safeParse(parseRecord(envelope.raw));
    if (!parsed.success) continue;
    if (parsed.data.limit === 'captureBytes') {
      continued.push({ meta: envelope, next: typeof parsed.data.next === 'string' ? parsed.data.next : 'the next file', value: parsed.data.value });
      continue;
    }
    const frame = envelope.link?.carrier;
    const hits = byLane.get(envelope.lane) ?? [];
    // A refused WebSocket message was never a frame in the capture: the recorder names what sent it.
    const subject = typeof parsed.data.subject === 'string' ? `${parsed.data.subject} on connection ${envelope.conn}` : undefined;
    const closed = typeof parsed.data.closed === 'number' ? { closed: parsed.data.closed } : {};
    hits.push({ meta: envelope, text: describeLimitHit(parsed.data, frame, subject), limit: parsed.data.limit, ...(frame === undefined ? {} : { frame }), ...closed });
    byLane.set(envelope.lane, hits);
  }
  return [...[...byLane].map(([lane, hits]): DiagnosisFinding => {
    const flags = [...new Set(hits.map((hit) => LIMITS[hit.limit].flag))];
    const outcome = outcomeOf(hits);
    return {
      id: 'capture.limit-exceeded', severity: 'warning', lanes: [lane],
      title: `${count(hits.length, 'frame')} in ${LANE_NAMES[lane]} exceeded a named limit`,
      detail: `${hits.slice(0, 4).map((hit) => hit.text).join('; ')}${hits.length > 4 ? '; …' : ''}. ${outcome}`,
      evidence: uniqueSeqs(hits.flatMap((hit) => [hit.frame, hit.meta.seq])),
      fix: `If the server means to send this much, raise the limit (parallax probe, proxy or tap-realtime ${flags.map((flag) => `--limit ${flag}=<size>`).join(' ')}); otherwise look at the frame's head and tail: a server rarely means to send a frame this large, and OpenAI's clients may refuse it.`,
    };
  }), ...continuedFinding(continued)];
};

/** What the user's side saw: the worst of the hits decides (a closed connection, a failed request, or nothing lost). */
function outcomeOf(hits: readonly Hit[]): string {
  const closed = hits.find((hit) => hit.closed !== undefined);
  if (closed) {
    return `A WebSocket message past message-bytes closes its connection with ${closed.closed} (message too big): the lane's step waiting on it failed, and the tap closes the other side with ${closed.closed} too; everything before the message is in the capture.`;
  }
  if (hits.some((hit) => hit.limit === 'messageBytes')) {
    return 'The lane stopped reading an answer at message-bytes, so the request waiting for it failed; the capture keeps what arrived up to there, within the frame limit.';
  }
  return 'The client got every byte; the capture keeps what the limit allows, so Parallax stays bounded whatever the server sends.';
}

/** A recording that filled capture-bytes went on in further files: nothing lost, worth knowing when sharing the capture. */
function continuedFinding(continued: readonly { meta: Envelope; next: string; value: number }[]): DiagnosisFinding[] {
  const first = continued[0];
  if (!first) return [];
  return [{
    id: 'capture.continued', severity: 'info', lanes: [...new Set(continued.map((c) => c.meta.lane))],
    title: `The recording went on in ${count(continued.length, 'more file')} at ${LIMITS.captureBytes.flag} (${formatLimit('captureBytes', first.value)})`,
    detail: `Each file ended at the limit and the next one continued it: ${continued.map((c) => c.next).join(', ')}. Opening any of them opens the whole recording; keep the files together in one folder.`,
    evidence: continued.map((c) => c.meta.seq),
    fix: `Nothing is lost. For fewer, larger files raise the limit (--limit ${LIMITS.captureBytes.flag}=<size> or the settings file).`,
  }];
}

import { randomUUID } from 'node:crypto';
import type { CaptureHeader, CaptureSink, Envelope, ImportOrigin, LaneId } from '../../shared/capture/envelope';
import type { LaneState, SessionInfo } from '../../shared/ipc/contract';
import { FrameStore } from './frame-store';

export interface SessionOptions {
  source: SessionInfo['source'];
  title: string;
  path?: string | null;
  lanes?: LaneId[];
  emulated?: boolean;
  /** Reads envelopes the session does not hold in memory (a loaded capture reads them from disk). */
  readEnvelopes?: (seqs: number[]) => Promise<(Envelope | undefined)[]>;
  /** Rows already built (a loaded capture builds them while it loads); otherwise `add` builds them. */
  store?: FrameStore;
  /** Releases what the session holds open (a loaded capture's file). */
  dispose?: () => Promise<void>;
  /**
   * The file a live session is journaled to. When present it numbers every envelope, whoever
   * records it (probe lanes, proxies), so the file and the screen hold the same frames; the
   * session closes it when it is disposed.
   */
  journal?: SessionJournal;
}

export interface SessionJournal extends CaptureSink {
  flush(): Promise<void>;
  /** Every envelope the journal numbers, its own included (a note that the file was recreated). */
  subscribe?(listener: (envelope: Envelope) => void): () => void;
  close(): Promise<void>;
  /** Reads envelopes back from the file, so the session need not hold every payload in memory. */
  readBack?(seqs: readonly number[]): Promise<(Envelope | undefined)[]>;
}

/**
 * One debugging session: a live probe or a loaded capture. It owns the rows the timeline shows
 * and the lanes' states; the UI is told about changes through `onChange` and `onAppend`.
 */
export class Session {
  readonly id = randomUUID();
  readonly store: FrameStore;
  readonly source: SessionInfo['source'];
  title: string;
  path: string | null;
  emulated: boolean;
  problems: string[] = [];
  /** Why the journal stopped writing, in its words; unset while the capture is being written. */
  recordingError: string | undefined;
  /** Set when the session was opened from a HAR or JSON-RPC log. */
  imported: ImportOrigin | undefined;
  /** The capture header: lane configurations (secrets removed) the diagnosis reads. */
  header: CaptureHeader | null = null;
  /** What the loader skipped in a damaged capture, for the diagnosis to mention. */
  skipped: { line: number; kind: string; reason: string }[] = [];
  loading: SessionInfo['loading'] = null;
  private readonly lanes = new Map<LaneId, LaneState>();
  private readonly held = new Map<number, Envelope>();
  private readonly readEnvelopes?: (seqs: number[]) => Promise<(Envelope | undefined)[]>;
  private nextSeq = 1;
  private readonly disposer?: () => Promise<void>;
  private readonly journal?: SessionJournal;
  /** Set while the sink hands an envelope to the journal; it adds that one itself. */
  private recording = false;
  onChange?: (session: Session) => void;
  onAppend?: (session: Session) => void;

  constructor(options: SessionOptions) {
    this.source = options.source;
    this.title = options.title;
    this.path = options.path ?? null;
    this.emulated = options.emulated ?? false;
    this.readEnvelopes = options.readEnvelopes;
    this.disposer = options.dispose;
    this.journal = options.journal;
    // What the journal records on its own (not through the sink) is shown too, so screen and file agree.
    this.journal?.subscribe?.((envelope) => { if (!this.recording) this.add(envelope); });
    for (const lane of options.lanes ?? []) this.lanes.set(lane, { lane, status: 'idle', detail: 'not run yet', toolCount: null });
    this.store = options.store ?? new FrameStore((seqs) => this.bodies(seqs));
  }

  /** Adds an already-numbered envelope (from a loaded capture, or a journal that numbered it). */
  add(envelope: Envelope): void {
    // A loaded capture or a journal that reads back keeps payloads on disk; only a plain in-memory session holds them.
    if (!this.readEnvelopes && !this.journal?.readBack) this.held.set(envelope.seq, envelope);
    if (!this.lanes.has(envelope.lane)) this.lanes.set(envelope.lane, { lane: envelope.lane, status: 'idle', detail: '', toolCount: null });
    this.nextSeq = Math.max(this.nextSeq, envelope.seq + 1);
    const hadStdio = this.store.hasStdio;
    this.store.append(envelope);
    // The first stdio frame changes what the UI offers (the Console tab): say so now, not at the next lane step.
    if (!hadStdio && this.store.hasStdio) this.onChange?.(this);
    this.onAppend?.(this);
  }

  /** A sink lanes and proxies record into; the journal numbers envelopes when there is one. */
  sink(): CaptureSink {
    return {
      record: (input) => {
        const journaled = this.journaled(input);
        const envelope: Envelope = journaled ?? { ...input, seq: this.nextSeq, t: input.t ?? Date.now() };
        this.add(envelope);
        if (!journaled) this.held.set(envelope.seq, envelope);
        return envelope;
      },
    };
  }

  /** A closed or failing journal must not lose the frame: the session keeps it in memory, numbered after the rest. */
  private journaled(input: Parameters<CaptureSink['record']>[0]): Envelope | undefined {
    if (!this.journal) return undefined;
    this.recording = true;
    try {
      return this.journal.record(input);
    } catch {
      return undefined;
    } finally {
      this.recording = false;
    }
  }

  /** Writes what the journal holds, so a copy of the file is current. */
  async flush(): Promise<void> {
    await this.journal?.flush().catch(() => undefined);
  }

  async envelopes(seqs: number[]): Promise<(Envelope | undefined)[]> {
    if (this.readEnvelopes) return this.readEnvelopes(seqs);
    if (this.journal?.readBack) {
      const read = await this.journal.readBack(seqs);
      // Frames recorded after the journal failed or closed are kept in memory instead.
      return read.map((envelope, i) => envelope ?? this.held.get(seqs[i] as number));
    }
    return seqs.map((seq) => this.held.get(seq));
  }

  /** The payloads of these frames, for body search. */
  async bodies(seqs: number[]): Promise<(string | undefined)[]> {
    return (await this.envelopes(seqs)).map((e) => e?.raw);
  }

  async envelope(seq: number): Promise<Envelope | undefined> {
    return (await this.envelopes([seq]))[0];
  }

  /**
   * The journal could not write (disk full, file unwritable): the user is told on screen, in the
   * journal's words, which name the file and the cause. Frames already shown stay.
   */
  recordingFailed(error: Error): void {
    this.recordingError = error.message;
    this.onChange?.(this);
  }

  setLane(state: LaneState): void {
    this.lanes.set(state.lane, state);
    this.onChange?.(this);
  }

  async dispose(): Promise<void> {
    await this.journal?.close().catch(() => undefined);
    await this.disposer?.();
  }

  info(): SessionInfo {
    return {
      id: this.id,
      source: this.source,
      title: this.title,
      path: this.path,
      total: this.store.total,
      lanes: [...this.lanes.values()],
      emulated: this.emulated,
      loading: this.loading,
      problems: this.problems.slice(0, 200),
      ...(this.recordingError ? { recordingError: this.recordingError } : {}),
      ...(this.imported ? { imported: this.imported } : {}),
      ...(this.store.hasStdio ? { stdio: true } : {}),
      ...(this.header?.asked ? { asked: this.header.asked } : {}),
    };
  }
}

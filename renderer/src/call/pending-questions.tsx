import { useEffect, useState } from 'react';
import type { ElicitationRequested, QuestionEnded, SamplingRequested } from '../../../shared/ipc/calls';
import { useEngine } from '../app/engine-context';

type QuestionEvent = 'elicitationRequested' | 'samplingRequested';
type Question<K extends QuestionEvent> = K extends 'elicitationRequested' ? ElicitationRequested : SamplingRequested;
const METHOD: Record<QuestionEvent, QuestionEnded['method']> = { elicitationRequested: 'elicitation/create', samplingRequested: 'sampling/createMessage' };

/**
 * The server's questions of one kind that wait for the user, and those that ended without an
 * answer (timed out, withdrawn by the server, the run stopped): the engine takes those down and
 * says what the server got instead.
 */
export function usePendingQuestions<K extends QuestionEvent>(event: K) {
  const { client } = useEngine();
  const [pending, setPending] = useState<Question<K>[]>([]);
  const [ended, setEnded] = useState<QuestionEnded[]>([]);
  useEffect(() => client.on(event, (request) => setPending((list) => [...list.filter((r) => r.id !== request.id), request as Question<K>])), [client, event]);
  useEffect(() => client.on('questionEnded', (end) => {
    if (end.method !== METHOD[event]) return;
    setPending((list) => list.filter((r) => r.id !== end.id));
    setEnded((list) => [...list.filter((e) => e.id !== end.id), end].slice(-3));
  }), [client, event]);
  return {
    pending,
    ended,
    take: (id: string) => setPending((list) => list.filter((r) => r.id !== id)),
    dismiss: (id: string) => setEnded((list) => list.filter((e) => e.id !== id)),
  };
}

const clock = (ms: number) => {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** How long the user has left, ticking: after that the engine answers for them. */
export function AnswerDeadline({ answerBy, then }: { answerBy: number | undefined; then: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (answerBy === undefined) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [answerBy]);
  if (answerBy === undefined) return null;
  return <span className="muted" data-testid="question-deadline">{clock(answerBy - now)} left to answer; then the server gets {then}.</span>;
}

const took = (ms: number) => `${Math.round(ms / 1000)} s`;

const ENDED_WORDS: Record<QuestionEnded['outcome'], (q: QuestionEnded) => string> = {
  'timed-out': (q) => `Nobody answered the server's ${q.method} in ${took(q.afterMs)}: it got ${q.answer}.`,
  withdrawn: (q) => `The server withdrew its ${q.method} after ${took(q.afterMs)} (its own timeout), before it was answered.`,
  stopped: (q) => `The run stopped while the server's ${q.method} waited: it got ${q.answer}.`,
};

/** Questions that ended unanswered, each said once and dismissable; the capture and the findings keep them. */
export function EndedQuestions({ ended, onDismiss }: { ended: QuestionEnded[]; onDismiss: (id: string) => void }) {
  if (ended.length === 0) return null;
  return (
    <div className="questions-ended" role="status" data-testid="questions-ended">
      {ended.map((q) => (
        <div key={q.id} className="question-ended" data-testid="question-ended">
          <span>{ENDED_WORDS[q.outcome](q)}</span>
          <button type="button" className="link" onClick={() => onDismiss(q.id)} aria-label="Dismiss">Dismiss</button>
        </div>
      ))}
    </div>
  );
}

import { useState } from 'react';
import type { SamplingAnswer, SamplingRequested } from '../../../shared/ipc/calls';
import { useEngine } from '../app/engine-context';
import { AnswerDeadline, EndedQuestions, usePendingQuestions } from './pending-questions';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A sampling message's content as a person reads it: text as text, anything else by its type. */
function contentText(content: unknown): string {
  const blocks = Array.isArray(content) ? content : [content];
  return blocks.map((b) => (isRecord(b) && b.type === 'text' && typeof b.text === 'string' ? b.text : isRecord(b) ? `[${String(b.type)}]` : '')).join('\n');
}

/** One sampling request: what the server wants a model to answer, and the user's reply in its place. */
function SamplingForm({ request, onAnswer }: { request: SamplingRequested; onAnswer: (answer: Omit<SamplingAnswer, 'id'>) => void }) {
  const [text, setText] = useState('');
  const [model, setModel] = useState('');
  const { messages, systemPrompt, maxTokens } = request.params;
  const list = Array.isArray(messages) ? messages.filter(isRecord) : [];
  return (
    <div className="approval" data-testid={`sampling-${request.id}`}>
      <div><strong>{request.lane}</strong>: the server asks for a model&apos;s reply{typeof maxTokens === 'number' ? ` (at most ${maxTokens} tokens)` : ''}. Parallax runs no model: write the reply, or reject.</div>
      {typeof systemPrompt === 'string' && <div className="muted">system: {systemPrompt}</div>}
      <ol className="sampling-messages" data-testid="sampling-messages">
        {list.map((m, i) => <li key={i}><strong>{String(m.role)}</strong> <span className="content-text">{contentText(m.content)}</span></li>)}
      </ol>
      <details><summary>Request as sent</summary><pre className="raw">{JSON.stringify(request.params, null, 2)}</pre></details>
      <label className="form-field">Reply
        <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} data-testid="sampling-reply" />
      </label>
      <label className="form-field">Model named in the result
        <input value={model} onChange={(e) => setModel(e.target.value)} placeholder="mcp-parallax-user" data-testid="sampling-model" />
      </label>
      <div className="inline-row">
        <button type="button" className="primary" onClick={() => onAnswer({ action: 'approve', text, ...(model.trim() ? { model: model.trim() } : {}) })} data-testid="sampling-send">Send reply</button>
        <button type="button" onClick={() => onAnswer({ action: 'reject' })} data-testid="sampling-reject">Reject</button>
        <AnswerDeadline answerBy={request.answerBy} then="the spec's refusal (error -1)" />
      </div>
    </div>
  );
}

/** Servers asking for a model's reply mid-run (sampling/createMessage), answered by the user and sent back by the engine. */
export function SamplingRequests() {
  const { client } = useEngine();
  const { pending, ended, take, dismiss } = usePendingQuestions('samplingRequested');

  const answer = async (request: SamplingRequested, reply: Omit<SamplingAnswer, 'id'>) => {
    take(request.id);
    await client.request('answerSampling', { id: request.id, ...reply }).catch(() => undefined);
  };

  return (
    <>
      <EndedQuestions ended={ended} onDismiss={dismiss} />
      {pending.length > 0 && (
        <div className="approvals" role="dialog" aria-label="Sampling requests from the server" data-testid="samplings">
          {pending.map((request) => <SamplingForm key={request.id} request={request} onAnswer={(reply) => void answer(request, reply)} />)}
        </div>
      )}
    </>
  );
}

import { useState } from 'react';
import type { ElicitationAnswer, ElicitationRequested } from '../../../shared/ipc/calls';
import { externalLink } from '../../../shared/security/external-url';
import { formModel, formValue, initialValue } from '../../../shared/tools/schema-form';
import { useEngine } from '../app/engine-context';
import { AnswerDeadline, EndedQuestions, usePendingQuestions } from './pending-questions';
import { SchemaField } from './SchemaForm';

type Content = NonNullable<ElicitationAnswer['content']>;

/** One server question: its message, a form from requestedSchema with the server's defaults filled in, and the three answers. */
function ElicitationForm({ request, onAnswer }: { request: ElicitationRequested; onAnswer: (action: ElicitationAnswer['action'], content?: Content) => void }) {
  const model = formModel(request.requestedSchema ?? { type: 'object', properties: {} });
  const [draft, setDraft] = useState<unknown>(() => (model.ok ? initialValue(model.root) : {}));
  const content = (model.ok ? formValue(model.root, draft) : draft) as Content | undefined;
  return (
    <div className="approval" data-testid={`elicitation-${request.id}`}>
      <div><strong>{request.lane}</strong>: the server asks <q>{request.message}</q></div>
      {request.mode === 'url'
        ? <UrlToOpen url={request.url ?? ''} />
        : model.ok
          ? <form className="schema-form" onSubmit={(e) => { e.preventDefault(); onAnswer('accept', content ?? {}); }}><SchemaField field={model.root} draft={draft} onChange={setDraft} problems={new Map()} idPrefix="elicit" /></form>
          : <p className="muted">Its requestedSchema cannot be drawn as a form ({model.reason}); decline or cancel.</p>}
      <div className="inline-row">
        <button type="button" className="primary" disabled={request.mode === 'form' && !model.ok} onClick={() => onAnswer('accept', request.mode === 'form' ? content ?? {} : undefined)} data-testid="elicitation-accept">Accept</button>
        <button type="button" onClick={() => onAnswer('decline')} data-testid="elicitation-decline">Decline</button>
        <button type="button" onClick={() => onAnswer('cancel')}>Cancel</button>
        <AnswerDeadline answerBy={request.answerBy} then="cancel" />
      </div>
    </div>
  );
}

/** A URL-mode elicitation: where it goes, shown before anything opens; a link only for https (http on loopback). */
function UrlToOpen({ url }: { url: string }) {
  const link = externalLink(url);
  if (!link.ok) return <p className="call-error" data-testid="elicitation-url-refused">It wants you to open <code>{url}</code>, which Parallax will not open: {link.reason}.</p>;
  return (
    <div className="elicit-url">
      <div>It wants you to open a page on <strong data-testid="elicitation-url-origin">{link.origin}</strong>:</div>
      <code className="elicit-url-full">{link.shown}</code>
      {/* A new window from the app opens in the user's browser (the shell's window-open handler), never inside Parallax. */}
      <a href={link.href} target="_blank" rel="noopener noreferrer" data-testid="elicitation-url-open">Open {link.origin} in the browser</a>
      <span className="muted">Then Accept once done there, or Decline.</span>
    </div>
  );
}

/** Servers asking the user something mid-run (elicitation/create), answered here and sent back by the engine. */
export function ElicitationRequests() {
  const { client } = useEngine();
  const { pending, ended, take, dismiss } = usePendingQuestions('elicitationRequested');

  const answer = async (request: ElicitationRequested, action: ElicitationAnswer['action'], content?: Content) => {
    take(request.id);
    await client.request('answerElicitation', { id: request.id, action, ...(content ? { content } : {}) }).catch(() => undefined);
  };

  return (
    <>
      <EndedQuestions ended={ended} onDismiss={dismiss} />
      {pending.length > 0 && (
        <div className="approvals" role="dialog" aria-label="Questions from the server" data-testid="elicitations">
          {pending.map((request) => <ElicitationForm key={request.id} request={request} onAnswer={(action, content) => void answer(request, action, content)} />)}
        </div>
      )}
    </>
  );
}

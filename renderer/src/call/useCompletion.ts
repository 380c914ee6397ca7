import { useEffect, useState } from 'react';
import { useEngine } from '../app/engine-context';

/** A prompt or a resource template, as `completion/complete` names what an argument belongs to. */
export type CompletionRef = { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string };

/** Typing pauses this long before the server is asked, so a word is one request, not one per key. */
const PAUSE_MS = 250;

/**
 * The server's suggestions for one argument as the user types it (`completion/complete` on the
 * open connection, with the other arguments as context). Empty when not connected, when the server
 * offers none, or when it refuses: completion is a convenience, and the frame shows any error.
 */
export function useCompletion(enabled: boolean, ref: CompletionRef, argument: string, value: string, others: Record<string, string>): string[] {
  const { client } = useEngine();
  const [values, setValues] = useState<string[]>([]);
  const refKey = JSON.stringify(ref);
  const othersKey = JSON.stringify(others);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const timer = setTimeout(() => {
      const params = { ref: JSON.parse(refKey) as CompletionRef, argument: { name: argument, value }, context: { arguments: JSON.parse(othersKey) as Record<string, string> } };
      client.request('sendOnConnection', { method: 'completion/complete', params }).then(({ outcome }) => {
        if (!live) return;
        const completion = (outcome.result as { completion?: { values?: unknown } } | undefined)?.completion;
        setValues(Array.isArray(completion?.values) ? completion.values.filter((v): v is string => typeof v === 'string').slice(0, 100) : []);
      }, () => { if (live) setValues([]); });
    }, PAUSE_MS);
    return () => { live = false; clearTimeout(timer); };
  }, [client, enabled, refKey, argument, value, othersKey]);
  return enabled ? values : [];
}

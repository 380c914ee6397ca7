/// <reference lib="webworker" />
// Parses and pretty-prints large payloads off the UI thread.
export interface FormatRequest { id: number; text: string }
export interface FormatResponse { id: number; pretty: string | null; error: string | null }

self.onmessage = (event: MessageEvent<FormatRequest>) => {
  const { id, text } = event.data;
  let response: FormatResponse;
  try {
    response = { id, pretty: JSON.stringify(JSON.parse(text), null, 2), error: null };
  } catch (error) {
    response = { id, pretty: null, error: error instanceof Error ? error.message : String(error) };
  }
  (self as unknown as Worker).postMessage(response);
};

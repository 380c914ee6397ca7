import { z } from 'zod';

/**
 * The one contract between the UI and the engine. Electron's preload and the browser host both
 * expose exactly these requests and events; each side validates with these schemas, so a
 * compromised or buggy peer cannot push an unexpected shape through.
 */

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** Where the engine runs: inside Electron's main process, or the Node browser host. */
  host: z.enum(['electron', 'browser']),
  platform: z.string(),
  arch: z.string(),
  pid: z.number().int(),
  versions: z.object({
    node: z.string(),
    electron: z.string().nullable(),
    chrome: z.string().nullable(),
  }),
  startedAt: z.number(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const PingRequest = z.object({ text: z.string().max(10_000) }).strict();
export const PingResponse = z.object({
  text: z.string(),
  receivedAt: z.number(),
  /** How many requests this engine has answered since it started, this one included. */
  served: z.number().int(),
});

const Empty = z.object({}).strict();

export const requests = {
  getAppInfo: { request: Empty, response: AppInfo },
  ping: { request: PingRequest, response: PingResponse },
} as const;

export const events = {
  /** A line for the engine console (warnings, lifecycle), not wire traffic. */
  engineLog: z.object({
    level: z.enum(['info', 'warn', 'error']),
    message: z.string(),
    t: z.number(),
  }),
  /** The menu or the OS asked the UI to do something (File > Open Capture, a double-clicked file). */
  menuCommand: z.object({
    command: z.enum(['openCapture', 'saveCaptureAs', 'exportBundle', 'showAbout']),
    path: z.string().optional(),
  }),
} as const;

export type RequestName = keyof typeof requests;
export type EventName = keyof typeof events;
export type RequestOf<K extends RequestName> = z.input<(typeof requests)[K]['request']>;
export type ResponseOf<K extends RequestName> = z.output<(typeof requests)[K]['response']>;
export type EventOf<K extends EventName> = z.output<(typeof events)[K]>;

export const requestNames = Object.keys(requests) as RequestName[];
export const eventNames = Object.keys(events) as EventName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requests, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** Electron channel names; the browser host carries the bare names inside its frames. */
export const requestChannel = (name: RequestName): string => `parallax:request:${name}`;
export const eventChannel = (name: EventName): string => `parallax:event:${name}`;

/** Every answer crosses the boundary as a result object: Electron mangles thrown errors. */
export const WireError = z.object({
  code: z.enum(['invalid_request', 'unknown_request', 'forbidden', 'engine_error', 'invalid_response', 'disconnected']),
  message: z.string(),
});
export type WireError = z.infer<typeof WireError>;
export const WireResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: WireError }),
]);
export type WireResult = z.infer<typeof WireResult>;

/** The shape preload puts on `window.parallax` and the browser transport imitates. */
export type ParallaxBridge = {
  [K in RequestName]: (payload: RequestOf<K>) => Promise<WireResult>;
} & {
  [K in EventName as `on${Capitalize<K>}`]: (listener: (payload: unknown) => void) => () => void;
};

export const eventListenerName = <K extends EventName>(name: K): `on${Capitalize<K>}` =>
  `on${name.charAt(0).toUpperCase()}${name.slice(1)}` as `on${Capitalize<K>}`;

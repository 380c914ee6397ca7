import { z } from 'zod';
import { WireResult } from './contract';

/**
 * Frames of the browser host's WebSocket. They carry the same requests, results and events as
 * Electron's IPC channels; only the envelope differs.
 */
export const HOST_SOCKET_PATH = '/api';
export const HOST_TOKEN_PARAM = 'token';
/** POST a dropped file's bytes here (token in the query) to get a path the engine can open. */
export const HOST_UPLOAD_PATH = '/upload';
/** GET a file the engine exported (token and `name` in the query); only the exports folder is served. */
export const HOST_DOWNLOAD_PATH = '/download';

export const ClientFrame = z.object({
  type: z.literal('request'),
  id: z.number().int().nonnegative(),
  name: z.string().max(100),
  payload: z.unknown(),
}).strict();
export type ClientFrame = z.infer<typeof ClientFrame>;

export const HostFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('response'), id: z.number().int(), result: WireResult }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type HostFrame = z.infer<typeof HostFrame>;

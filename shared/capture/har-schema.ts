import { z } from 'zod';

/**
 * HAR 1.2 (the "HTTP Archive" format browsers export), as zod schemas: what our export must
 * satisfy and what an imported HAR is checked against. Objects are loose because the format
 * allows custom fields whose names start with an underscore (Chrome's `_webSocketMessages`).
 */

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

const comment = z.string().optional();
const NameValue = z.looseObject({ name: z.string(), value: z.string(), comment });

export const HarCookie = z.looseObject({
  name: z.string(),
  value: z.string(),
  path: z.string().optional(),
  domain: z.string().optional(),
  expires: z.string().nullable().optional(),
  httpOnly: z.boolean().optional(),
  secure: z.boolean().optional(),
  comment,
});

export const HarPostData = z.looseObject({
  mimeType: z.string(),
  /** `params` and `text` are mutually exclusive in HAR 1.2. */
  params: z.array(z.looseObject({
    name: z.string(), value: z.string().optional(), fileName: z.string().optional(), contentType: z.string().optional(), comment,
  })).optional(),
  text: z.string().optional(),
  comment,
}).refine((p) => !(p.params && p.text !== undefined), { message: 'postData has both params and text' });

export const HarRequest = z.looseObject({
  method: z.string(),
  url: z.string(),
  httpVersion: z.string(),
  cookies: z.array(HarCookie),
  headers: z.array(NameValue),
  queryString: z.array(NameValue),
  postData: HarPostData.optional(),
  headersSize: z.number().int(),
  bodySize: z.number().int(),
  comment,
});

export const HarContent = z.looseObject({
  size: z.number().int(),
  compression: z.number().int().optional(),
  mimeType: z.string(),
  text: z.string().optional(),
  encoding: z.string().optional(),
  comment,
});

export const HarResponse = z.looseObject({
  status: z.number().int(),
  statusText: z.string(),
  httpVersion: z.string(),
  cookies: z.array(HarCookie),
  headers: z.array(NameValue),
  content: HarContent,
  redirectURL: z.string(),
  headersSize: z.number().int(),
  bodySize: z.number().int(),
  comment,
});

/** -1 means "does not apply"; send, wait and receive are required. */
const timing = z.number().refine((n) => n === -1 || n >= 0, 'a timing is -1 or non-negative');
export const HarTimings = z.looseObject({
  blocked: timing.optional(),
  dns: timing.optional(),
  connect: timing.optional(),
  send: timing,
  wait: timing,
  receive: timing,
  ssl: timing.optional(),
  comment,
});

export const HarEntry = z.looseObject({
  pageref: z.string().optional(),
  startedDateTime: z.string().regex(ISO_8601, 'startedDateTime must be ISO 8601'),
  time: z.number().nonnegative(),
  request: HarRequest,
  response: HarResponse,
  cache: z.looseObject({ beforeRequest: z.unknown().optional(), afterRequest: z.unknown().optional(), comment }),
  timings: HarTimings,
  serverIPAddress: z.string().optional(),
  connection: z.string().optional(),
  comment,
}).refine((entry) => {
  // The total is the sum of the applicable phases; ssl is already inside connect.
  const t = entry.timings;
  const sum = [t.blocked, t.dns, t.connect, t.send, t.wait, t.receive].reduce<number>((acc, n) => acc + (n === undefined || n < 0 ? 0 : n), 0);
  return Math.abs(sum - entry.time) < 0.01;
}, { message: 'entry time is not the sum of its timings' });

export const HarPage = z.looseObject({
  startedDateTime: z.string().regex(ISO_8601),
  id: z.string(),
  title: z.string(),
  pageTimings: z.looseObject({ onContentLoad: z.number().optional(), onLoad: z.number().optional(), comment }),
  comment,
});

export const Har = z.looseObject({
  log: z.looseObject({
    version: z.literal('1.2'),
    creator: z.looseObject({ name: z.string(), version: z.string(), comment }),
    browser: z.looseObject({ name: z.string(), version: z.string(), comment }).optional(),
    pages: z.array(HarPage).optional(),
    entries: z.array(HarEntry),
    comment,
  }),
});

export type HarCookie = z.infer<typeof HarCookie>;
export type HarRequest = z.infer<typeof HarRequest>;
export type HarResponse = z.infer<typeof HarResponse>;
export type HarTimings = z.infer<typeof HarTimings>;
export type HarEntry = z.infer<typeof HarEntry>;
export type Har = z.infer<typeof Har>;

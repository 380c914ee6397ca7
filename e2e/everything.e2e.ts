import { createRequire } from 'node:module';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appUnderTest } from './support/app-under-test';
import { chromiumPath, SCREENSHOT_DIR } from './support/browser';
import { setupInspectorOnly } from './support/setup';

/**
 * Issue 23's done-criterion: every tool, resource, template, prompt and elicitation of the MCP
 * reference server `@modelcontextprotocol/server-everything` (stdio) exercised from the app, the
 * way a person would: its forms filled, its dialogs answered, its results read on screen.
 */
const EVERYTHING = createRequire(import.meta.url).resolve('@modelcontextprotocol/server-everything/dist/index.js');
const SERVER = `stdio:"${process.execPath}" "${EVERYTHING}" stdio`;
const ROOT = 'file:///tmp/parallax-everything Everything';
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `everything-${name}.png`) });

/** Sets one form field the way a person would, by the kind of control the form drew for it. */
async function setField(page: Page, testId: string, value: string | boolean): Promise<void> {
  const field = page.getByTestId(testId);
  const tag = await field.evaluate((el) => `${el.tagName.toLowerCase()}:${(el as HTMLInputElement).type}`);
  if (tag.startsWith('select')) await field.selectOption({ label: String(value) });
  else if (tag === 'input:checkbox') await field.setChecked(value === true);
  else await field.fill(String(value));
}

async function fillForm(page: Page, prefix: 'call' | 'elicit', values: Record<string, string | boolean>): Promise<void> {
  for (const [key, value] of Object.entries(values)) await setField(page, `${prefix}-field.${key}`, value);
}

/** Waits for the server's elicitation dialog, fills it and accepts; returns the dialog's text as asked. */
async function answerElicitation(page: Page, values: Record<string, string | boolean>, screenshot?: string): Promise<string> {
  const dialog = page.getByTestId('elicitations');
  await expect.poll(() => dialog.count(), { timeout: 30_000 }).toBe(1);
  const asked = (await dialog.textContent()) ?? '';
  await fillForm(page, 'elicit', values);
  if (screenshot) await shot(page, screenshot);
  await page.getByTestId('elicitation-accept').click();
  await expect.poll(() => dialog.count()).toBe(0);
  return asked;
}

async function answerSampling(page: Page, reply: string, model: string, screenshot?: string): Promise<string> {
  const dialog = page.getByTestId('samplings');
  await expect.poll(() => dialog.count(), { timeout: 30_000 }).toBe(1);
  const asked = (await page.getByTestId('sampling-messages').textContent()) ?? '';
  await page.getByTestId('sampling-reply').fill(reply);
  await page.getByTestId('sampling-model').fill(model);
  if (screenshot) await shot(page, screenshot);
  await page.getByTestId('sampling-send').click();
  await expect.poll(() => dialog.count()).toBe(0);
  return asked;
}

interface ToolPlan {
  /** Form values by field key (a select by its option's label). */
  args?: Record<string, string | boolean>;
  /** Answers what the server asks while the call runs (elicitation, sampling). */
  answer?: (page: Page) => Promise<void>;
  /** Text the Inspector lane's result must show. */
  shows: string[];
  /** More checks on the lane's result panel. */
  check?: (result: Locator, page: Page) => Promise<void>;
  screenshot?: string;
}

const TINY_TEXT = 'Parallax was here.\n';

/** Every tool server-everything offers a client that declares roots, sampling, elicitation and tasks (its src/tools). */
const TOOLS: Record<string, ToolPlan> = {
  echo: { args: { message: 'hello, everything' }, shows: ['Echo: hello, everything'] },
  'get-annotated-message': {
    args: { messageType: 'error', includeImage: true },
    shows: ['Error: Operation failed', 'audience user, assistant · priority 1', 'audience user · priority 0.5'],
    check: async (result) => expect(await result.getByTestId('content-image').count()).toBe(1),
    screenshot: 'annotated-message',
  },
  'get-env': { shows: ['"PATH"'], check: async (_, page) => expect(await page.getByTestId('call-no-arguments').count()).toBe(1) },
  'get-resource-links': {
    args: { count: '4' },
    shows: ['Here are 4 resource links', 'Blob Resource 1', 'Text Resource 2', 'demo://resource/dynamic/text/4', 'Blob Resource 3', 'demo://resource/dynamic/blob/3'],
    check: async (result) => expect(await result.getByTestId('content-resource-link').count()).toBe(4),
    screenshot: 'resource-links',
  },
  'get-resource-reference': {
    args: { resourceType: 'Blob', resourceId: '2' },
    // The blob is text/plain in base64: the app decodes it.
    shows: ['Returning resource reference for Resource 2', 'demo://resource/dynamic/blob/2', 'Resource 2: This is a base64 blob created at'],
    check: async (result) => expect(await result.getByTestId('content-resource').count()).toBe(1),
    screenshot: 'resource-reference',
  },
  'get-structured-content': {
    args: { location: 'Chicago' },
    shows: ['structuredContent', '"conditions": "Light rain / drizzle"', 'fits the outputSchema'],
    check: async (result) => expect(await result.getByTestId('call-output-check-inspector').getAttribute('class')).toBe('verdict-ok'),
    screenshot: 'structured-content',
  },
  'get-sum': { args: { a: '2', b: '3.5' }, shows: ['The sum of 2 and 3.5 is 5.5.'] },
  'get-tiny-image': {
    shows: ["Here's the image you requested:", 'image · image/png', 'The image above is the MCP logo.'],
    check: async (result) => {
      const image = result.locator('img.content-image');
      // The image decoded: a broken data URL has no natural size.
      await expect.poll(() => image.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(20);
    },
    screenshot: 'tiny-image',
  },
  'gzip-file-as-resource': {
    // A data: URI keeps the test off the network (the default fetches the servers README from GitHub).
    args: { name: 'note.txt.gz', data: `data:text/plain;base64,${btoa(TINY_TEXT)}`, outputType: 'resource' },
    shows: ['embedded resource', 'demo://resource/session/note.txt.gz', 'application/gzip', 'base64 blob'],
    screenshot: 'gzip',
  },
  'toggle-simulated-logging': { shows: ['Started simulated, random-leveled logging'] },
  'toggle-subscriber-updates': { shows: ['Started simulated resource updated notifications'] },
  'trigger-long-running-operation': { args: { duration: '1', steps: '2' }, shows: ['Long running operation completed. Duration: 1 seconds, Steps: 2.'] },
  'get-roots-list': { shows: ['Current MCP Roots (1 total)', 'Everything', 'URI: file:///tmp/parallax-everything'] },
  'trigger-elicitation-request': {
    answer: async (page) => {
      const asked = await answerElicitation(page, {
        name: 'Ada Lovelace', check: true, email: 'ada@example.org', homepage: 'https://example.org/ada', birthdate: '1815-12-10', integer: '7', number: '2.5',
        untitledSingleSelectEnum: 'Phoebe', 'untitledMultipleSelectEnum-option-1': true,
        titledSingleSelectEnum: 'Wonder Woman (hero-3)', 'titledMultipleSelectEnum-option-2': true, legacyTitledEnum: 'Dogs (pet-2)',
      }, 'elicitation-form');
      expect(asked).toContain('Please provide inputs for the following fields:');
    },
    shows: ['User provided the requested information!', '- Name: Ada Lovelace', '- Email: ada@example.org', '- Birthdate: 1815-12-10', '- Favorite Integer: 7', '"titledSingleSelectEnum": "hero-3"', '"Guitar",', '"Piano"', '"fish-1",', '"fish-3"', '"legacyTitledEnum": "pet-2"', '"firstLine": "It was a dark and stormy night."'],
  },
  'trigger-url-elicitation': {
    args: { url: 'https://example.com/authorize?step=1' },
    answer: async (page) => {
      await expect.poll(() => page.getByTestId('elicitation-url-origin').textContent(), { timeout: 30_000 }).toBe('https://example.com');
      await answerElicitation(page, {}, 'url-elicitation');
    },
    shows: ['User completed the URL elicitation flow.', 'URL: https://example.com/authorize?step=1'],
  },
  'trigger-sampling-request': {
    args: { prompt: 'Name a colour' },
    answer: async (page) => expect(await answerSampling(page, 'Teal', 'e2e-model', 'sampling')).toContain('Resource trigger-sampling-request context: Name a colour'),
    shows: ['LLM sampling result', '"text": "Teal"', '"model": "e2e-model"'],
  },
  'simulate-research-query': {
    args: { topic: 'python', ambiguous: true },
    // taskSupport "required": the app runs it as a task; the clarification arrives through tasks/result.
    answer: async (page) => expect(await answerElicitation(page, { interpretation: 'Monty Python comedy group (comedy)' }, 'research-elicitation')).toContain('could have multiple interpretations'),
    shows: ['# Research Report: python (comedy)', 'Stage 4: Generating report'],
    check: async (result) => expect(await result.getByTestId('call-task-inspector').textContent()).toMatch(/^ran as task \w+: completed/),
    screenshot: 'research-task',
  },
  // A client may run a task-augmented request at once; the server documents that path as [SYNC].
  'trigger-sampling-request-async': {
    args: { prompt: 'Another colour', maxTokens: '20' },
    answer: async (page) => expect(await answerSampling(page, 'Ochre', 'e2e-model')).toContain('trigger-sampling-request-async context: Another colour'),
    shows: ['[SYNC] Client executed synchronously', '"text": "Ochre"'],
  },
  'trigger-elicitation-request-async': {
    answer: async (page) => { await answerElicitation(page, { name: 'Grace Hopper', favoriteColor: 'Green', agreeToTerms: true }); },
    shows: ['[SYNC] Client executed synchronously', '"name": "Grace Hopper"', '"favoriteColor": "Green"', '"agreeToTerms": true'],
  },
};

/** Every prompt it offers, with arguments (completable-prompt's second argument depends on the first). */
const PROMPTS: Record<string, { args: Record<string, string>; shows: string[] }> = {
  'simple-prompt': { args: {}, shows: ['This is a simple prompt without arguments.'] },
  'args-prompt': { args: { city: 'Leeds', state: 'West Yorkshire' }, shows: ["What's weather in Leeds, West Yorkshire?"] },
  'completable-prompt': { args: { department: 'Engineering', name: 'Alice' }, shows: ['Please promote Alice to the head of the Engineering team.'] },
  'resource-prompt': { args: { resourceType: 'Text', resourceId: '3' }, shows: ['This prompt includes the Text resource with id: 3', 'embedded resource', 'demo://resource/dynamic/text/3', 'Resource 3: This is a plaintext resource created at'] },
};

describe.skipIf(!chromiumPath)('server-everything from the app', () => {
  const app = appUnderTest();

  it('probes it over stdio with every client capability Setup offers', async () => {
    const { page } = app.browser;
    await setupInspectorOnly(page, SERVER);
    await page.getByLabel(/Client capabilities/).selectOption('all');
    await page.getByTestId('setup-roots').fill(ROOT);
    await page.getByTestId('run-probe').click();
    await expect.poll(() => page.getByTestId('lane-status-inspector').textContent(), { timeout: 30_000 }).toMatch(/^ok/);
  });

  it('calls every tool it lists from the Call tab, answering its elicitations and sampling requests, and shows each result', async () => {
    const { page } = app.browser;
    await page.getByTestId('tab-call').click();
    // The diagnosis (and with it the tool list) lands a moment after the lane's status.
    await expect.poll(() => page.getByTestId('call-tool').locator('option').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const listed = await page.getByTestId('call-tool').locator('option').allTextContents();
    // The tools it registers only for a client that declares roots, sampling, elicitation and tasks are there.
    expect([...listed].sort()).toEqual(Object.keys(TOOLS).sort());

    const exercised: string[] = [];
    for (const name of listed) {
      const plan = TOOLS[name];
      if (!plan) throw new Error(`no plan for the listed tool ${name}`);
      await page.getByTestId('call-tool').selectOption(name);
      await fillForm(page, 'call', plan.args ?? {});
      // The engine checked the form's arguments against the inputSchema: nothing is wrong or missing.
      await expect.poll(() => page.getByTestId('call-invalid-note').count(), { timeout: 10_000 }).toBe(0);
      await page.getByTestId('call-run').click();
      if (plan.answer) await plan.answer(page);

      const results = page.getByTestId('call-results');
      await expect.poll(async () => (await results.count()) > 0 && (await page.getByTestId('call-run').textContent()) === 'Call' && ((await results.locator('> .muted').textContent()) ?? '').startsWith(`${name}(`), { timeout: 60_000 }).toBe(true);
      const result = page.getByTestId('call-result-inspector');
      expect(await page.getByTestId('call-outcome-inspector').textContent(), name).toBe('result');
      const text = (await result.textContent()) ?? '';
      for (const piece of plan.shows) expect(text, `${name} shows ${piece}`).toContain(piece);
      expect(text, name).not.toContain('breaks the MCP schema');
      if (plan.check) await plan.check(result, page);
      if (plan.screenshot) await shot(page, plan.screenshot);
      exercised.push(name);
    }
    expect(exercised.sort()).toEqual(Object.keys(TOOLS).sort());
  }, 300_000);

  it('lists its resources and templates, reads a resource and both templates filled in', async () => {
    const { page } = app.browser;
    await page.getByTestId('tab-call').click();
    await page.getByTestId('call-section-resources').click();
    await page.getByTestId('rp-load').click();
    const panel = page.getByTestId('resources-prompts');
    await expect.poll(() => panel.textContent(), { timeout: 30_000 }).toContain('demo://resource/static/document/features.md');
    for (const doc of ['architecture.md', 'instructions.md', 'startup.md']) expect(await panel.textContent()).toContain(`demo://resource/static/document/${doc}`);

    const answer = page.getByTestId('rp-answer');
    await page.getByTestId('rp-read-demo://resource/static/document/features.md').click();
    await expect.poll(() => answer.textContent(), { timeout: 30_000 }).toContain('text/markdown');
    expect(await answer.getByTestId('content-text').textContent()).toMatch(/\S/);

    const text = page.getByTestId('rp-template-demo://resource/dynamic/text/{resourceId}');
    await text.getByTestId('rp-var-resourceId').fill('3');
    await text.getByTestId('rp-template-read').click();
    await expect.poll(() => answer.textContent(), { timeout: 30_000 }).toContain('Resource 3: This is a plaintext resource created at');

    const blob = page.getByTestId('rp-template-demo://resource/dynamic/blob/{resourceId}');
    await blob.getByTestId('rp-var-resourceId').fill('4');
    await blob.getByTestId('rp-template-read').click();
    await expect.poll(() => answer.getByTestId('content-blob-text').count(), { timeout: 30_000 }).toBe(1);
    expect(await answer.getByTestId('content-blob-text').textContent()).toContain('Resource 4: This is a base64 blob created at');
    expect(await answer.textContent()).toContain('demo://resource/dynamic/blob/4');
    await answer.scrollIntoViewIfNeeded();
    await shot(page, 'template-blob');
  });

  it('lists its prompts and gets every one with its arguments', async () => {
    const { page } = app.browser;
    const forms = page.locator('form[data-testid^="rp-prompt-"]');
    const names = await forms.evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')?.replace(/^rp-prompt-/, '') ?? ''));
    expect([...names].sort()).toEqual(Object.keys(PROMPTS).sort());
    const answer = page.getByTestId('rp-answer');
    for (const name of names) {
      const plan = PROMPTS[name];
      if (!plan) throw new Error(`no plan for the listed prompt ${name}`);
      const form = page.getByTestId(`rp-prompt-${name}`);
      for (const [arg, value] of Object.entries(plan.args)) await form.getByTestId(`rp-arg-${arg}`).fill(value);
      await form.getByTestId('rp-prompt-get').click();
      await expect.poll(() => answer.textContent(), { timeout: 30_000 }).toContain(`prompts/get {"name":"${name}"`);
      const text = (await answer.textContent()) ?? '';
      for (const piece of plan.shows) expect(text, `${name} shows ${piece}`).toContain(piece);
      expect(await answer.getByRole('alert').count(), name).toBe(0);
      if (name === 'resource-prompt') {
        await answer.scrollIntoViewIfNeeded();
        await shot(page, 'resource-prompt');
      }
    }
  });
});

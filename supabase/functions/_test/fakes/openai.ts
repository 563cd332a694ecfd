/**
 * Fake OpenAI-compatible server: `GET /v1/models` with a Bearer key check, answering errors in
 * OpenAI's own shape (`{ error: { message, type, param, code } }`).
 */
import { ANY_ORIGIN } from './cors.ts';
import {
  fakeAnswerTokens,
  type FakeFlavor,
  type FakeRequestContext,
  type FakeServer,
  type FakeServerOptions,
  readJsonObject,
  startFakeServer,
  streamFrames,
} from './fake-server.ts';
import { openAiModel } from './models.ts';

export const FAKE_OPENAI_KEY = 'sk-fake-openai-0123456789abcdef';

function openAiError(status: number, message: string, type: string, code: string | null): Response {
  return new Response(JSON.stringify({ error: { message, type, param: null, code } }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

function maskKey(key: string): string {
  return key.length > 8 ? `${key.slice(0, 3)}*****${key.slice(-4)}` : '*****';
}

function authFailure(ctx: FakeRequestContext): Response | null {
  const expected = ctx.state.apiKey;
  if (expected === null) return null;
  const header = ctx.request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match) {
    return openAiError(
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      'invalid_request_error',
      null,
    );
  }
  if (match[1] !== expected) {
    return openAiError(
      401,
      `Incorrect API key provided: ${
        maskKey(match[1])
      }. You can find your API key at https://platform.openai.com/account/api-keys.`,
      'invalid_request_error',
      'invalid_api_key',
    );
  }
  return null;
}

/** POST /v1/chat/completions: the model must be listed; streams SSE chunks (usage last) or answers JSON. */
async function chatCompletion(ctx: FakeRequestContext): Promise<Response> {
  const body = await readJsonObject(ctx.request);
  if (!body || typeof body.model !== 'string' || !Array.isArray(body.messages)) {
    return openAiError(400, "'messages' and 'model' are required properties.", 'invalid_request_error', null);
  }
  const models = Array.from({ length: ctx.state.modelCount }, (_, i) => openAiModel(i).id);
  if (!models.includes(body.model)) {
    return openAiError(404, `The model '${body.model}' does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found');
  }
  const last = body.messages.at(-1) as { content?: unknown } | undefined;
  const tokens = fakeAnswerTokens(body.model, typeof last?.content === 'string' ? last.content : '');
  const usage = { prompt_tokens: 12, completion_tokens: tokens.length, total_tokens: 12 + tokens.length };
  const id = 'chatcmpl-fake';
  const created = Math.floor(Date.now() / 1000);
  if (body.stream !== true) {
    return Response.json({ id, object: 'chat.completion', created, model: body.model, choices: [{ index: 0, message: { role: 'assistant', content: tokens.join('') }, finish_reason: 'stop' }], usage });
  }
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices, ...extra })}\n\n`;
  const stream = streamFrames(ctx, {
    head: [chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }])],
    tokens: tokens.map((text) => chunk([{ index: 0, delta: { content: text }, finish_reason: null }])),
    tail: [chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]), chunk([], { usage }), 'data: [DONE]\n\n'],
  });
  return new Response(stream, { headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' } });
}

const openAiFlavor: FakeFlavor = {
  name: 'openai',
  defaults: {
    mode: 'ok',
    delayMs: 1_500,
    modelCount: 5,
    apiKey: FAKE_OPENAI_KEY,
    hugeBytes: 64 * 1024 * 1024,
    hops: 2,
    retryAfterSeconds: 7,
    loadDelayMs: 0,
    failLoad: null,
    tokenDelayMs: 20,
    streamFailAfter: null,
    corsOrigins: ANY_ORIGIN,
  },
  isApiPath: (path) => path.startsWith('/v1/'),
  errorBody(status, ctx) {
    switch (status) {
      case 401:
        return openAiError(
          401,
          `Incorrect API key provided: ${
            maskKey(ctx.state.apiKey ?? 'sk-unknown-key')
          }. You can find your API key at https://platform.openai.com/account/api-keys.`,
          'invalid_request_error',
          'invalid_api_key',
        );
      case 404:
        return openAiError(404, `Invalid URL (${ctx.request.method} ${ctx.path})`, 'invalid_request_error', null);
      case 429:
        return openAiError(
          429,
          'Rate limit reached for requests. Please try again later.',
          'requests',
          'rate_limit_exceeded',
        );
      default:
        return openAiError(
          status,
          'The server had an error while processing your request. Sorry about that!',
          'server_error',
          null,
        );
    }
  },
  hugeParts: () => ({
    head: '{"object":"list","data":[',
    unit: '{"id":"padding-model","object":"model","created":1700000000,"owned_by":"fake-org"},',
    tail: '{"id":"last-model","object":"model","created":1700000000,"owned_by":"fake-org"}]}',
  }),
  malformedBody: () => '{"object":"list","data":[{"id":"gpt-4o","object":"model","created":1715367049,"owned_by":"sys',
  route(ctx) {
    const auth = authFailure(ctx);
    if (auth) return auth;
    if (ctx.request.method === 'GET' && ctx.path === '/v1/models') {
      const data = Array.from({ length: ctx.state.modelCount }, (_, i) => openAiModel(i));
      return new Response(JSON.stringify({ object: 'list', data }), {
        headers: { 'content-type': 'application/json; charset=utf-8' },
      });
    }
    if (ctx.request.method === 'POST' && ctx.path === '/v1/chat/completions') return chatCompletion(ctx);
    const single = /^\/v1\/models\/(.+)$/.exec(ctx.path);
    if (ctx.request.method === 'GET' && single) {
      const id = decodeURIComponent(single[1]);
      const found = Array.from({ length: ctx.state.modelCount }, (_, i) => openAiModel(i)).find((m) => m.id === id);
      if (found) return Response.json(found);
      return openAiError(404, `The model '${id}' does not exist`, 'invalid_request_error', 'model_not_found');
    }
    return openAiError(404, `Invalid URL (${ctx.request.method} ${ctx.path})`, 'invalid_request_error', null);
  },
};

export function startFakeOpenAI(options: FakeServerOptions = {}): FakeServer {
  return startFakeServer(openAiFlavor, options);
}

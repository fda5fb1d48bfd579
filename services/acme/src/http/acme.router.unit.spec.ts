import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { Nonces } from './nonces';
import { type AcmeCall, acmeRouter } from './acme.router';

/** The ACME framing around every resource: body reading, media type, replies and problems. */
describe('ACME router framing', () => {
  let server: Server;
  let base: string;
  const received: unknown[] = [];
  const nonces = { issue: () => 'nonce-1' } as unknown as Nonces;

  beforeAll(async () => {
    const app = express();
    app.use(
      '/acme',
      acmeRouter(
        [
          {
            method: 'post',
            path: '/echo',
            handle: async (call: AcmeCall) => {
              received.push(call.body);
              return { status: 201, body: { got: call.body }, location: `${call.urls.directory}/x` };
            },
          },
        ],
        nonces,
      ),
    );
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/acme`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (received.length = 0));

  const post = (body: string, contentType = 'application/jose+json') => fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': contentType }, body });

  it('reads a JOSE body as JSON and replies with its JSON, a nonce, the index link and no ETag', async () => {
    const reply = await post(JSON.stringify({ protected: 'p', payload: 'é', signature: 's' }));
    expect(reply.status).toBe(201);
    expect(reply.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(reply.headers.get('replay-nonce')).toBe('nonce-1');
    expect(reply.headers.get('link')).toBe(`<${base}/directory>;rel="index"`);
    expect(reply.headers.get('etag')).toBeNull();
    expect(await reply.json()).toEqual({ got: { protected: 'p', payload: 'é', signature: 's' } });
  });

  it('refuses another media type (415), a body that is not JSON and a body over 256 KiB (413), each as a problem document with a nonce', async () => {
    const wrongType = await post('{}', 'application/json');
    expect(wrongType.status).toBe(415);
    expect(wrongType.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await wrongType.json()).toMatchObject({ type: 'urn:ietf:params:acme:error:malformed', detail: expect.stringContaining('application/jose+json') });

    const notJson = await post('{not json');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ type: 'urn:ietf:params:acme:error:malformed', detail: 'The body is not JSON.' });

    const huge = await post(JSON.stringify({ payload: 'x'.repeat(300 * 1024) }));
    expect(huge.status).toBe(413);
    expect(huge.headers.get('replay-nonce')).toBe('nonce-1');
    expect(await huge.json()).toMatchObject({ type: 'urn:ietf:params:acme:error:malformed', detail: expect.stringContaining('256 KiB') });
    expect(received).toEqual([]);
  });

  it('stops reading a body sent without a length once it passes 256 KiB', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent++;
        if (sent > 64) controller.close(); // 4 MiB, unless the server stops reading first
        else controller.enqueue(chunk);
      },
    });
    const reply = await fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/jose+json' }, body: stream, duplex: 'half' } as RequestInit);
    expect(reply.status).toBe(413);
    expect(await reply.json()).toMatchObject({ detail: expect.stringContaining('256 KiB') });
    expect(received).toEqual([]);
  });

  it('answers an unknown resource with a malformed problem (404)', async () => {
    const reply = await fetch(`${base}/nowhere`);
    expect(reply.status).toBe(404);
    expect(await reply.json()).toMatchObject({ type: 'urn:ietf:params:acme:error:malformed', detail: expect.stringContaining('/acme/nowhere') });
  });
});

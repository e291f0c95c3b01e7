// The harness's own server must behave like a static host, or the journeys test the wrong thing.

import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serveStatic, type StaticServer } from './static-server';
import { url, withPage } from './harness';

describe('static server', () => {
  let dir: string;
  let server: StaticServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sshscope-static-'));
    mkdirSync(join(dir, 'sessions/a'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>home</title>');
    writeFileSync(join(dir, '404.html'), '<!doctype html><title>missing</title>');
    writeFileSync(join(dir, 'sessions/a/index.html'), '<!doctype html><title>a</title>');
    writeFileSync(join(dir, 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'x.json'), '{}');
    writeFileSync(join(tmpdir(), 'sshscope-secret.txt'), 'secret');
    server = await serveStatic(dir);
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('MIME types, index.html for a trailing slash, redirect without it, 404 page, no escape from the root', async () => {
    const get = (p: string) => fetch(server.url + p, { redirect: 'manual' });
    let r = await get('/');
    expect([r.status, r.headers.get('content-type'), await r.text()]).toEqual([200, 'text/html; charset=utf-8', '<!doctype html><title>home</title>']);
    r = await get('/app.js');
    expect(r.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    r = await get('/x.json?cache=1');
    expect([r.status, r.headers.get('content-type')]).toEqual([200, 'application/json; charset=utf-8']);
    r = await get('/sessions/a/');
    expect(await r.text()).toContain('<title>a</title>');
    r = await get('/sessions/a?step=3');
    expect([r.status, r.headers.get('location')]).toEqual([308, '/sessions/a/?step=3']);
    r = await get('/nope/');
    expect([r.status, await r.text()]).toEqual([404, '<!doctype html><title>missing</title>']);
    r = await get('/..%2Fsshscope-secret.txt');
    expect(r.status).not.toBe(200);
    r = await get('/%E0%A4%A');
    expect(r.status).toBe(400);
  });

  test('the export is served and a page opens in Chromium without console errors', () =>
    withPage('static-home', {}, async ({ page }) => {
      const r = await page.goto(url('/'));
      expect(r?.status()).toBe(200);
      expect(await page.title()).toContain('sshscope');
    }));

  test('the harness catches a dialog and a page error', async () => {
    await expect(
      withPage('harness-self-test', {}, async ({ page }) => {
        await page.goto(url('/'));
        await page.evaluate(() => {
          setTimeout(() => alert('hi'), 0);
          setTimeout(() => {
            throw new Error('boom');
          }, 0);
        });
        await page.waitForTimeout(300);
      }),
    ).rejects.toThrow(/alert: hi[\s\S]*boom|boom[\s\S]*alert: hi/);
  });
});

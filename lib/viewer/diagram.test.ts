// The sequence diagram rendered to static markup (no browser): one element per visible step with
// its data-step, only the rows in view for a long session, hostile strings as inert text, and the
// real OpenSSH recordings drawn with every message and note they contain.

import { readFileSync } from 'node:fs';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SequenceDiagram } from '../../components/viewer/SequenceDiagram';
import { openRecording } from '../session/open';
import type { MessageStep, Session, Step } from '../session/session';
import { buildStateIndex } from '../session/sessionState';
import { layoutRows, segmentsInView, visibleRange } from './layout';
import { phaseStyle } from './phases';

function render(session: Session, index = 0): string {
  return renderToStaticMarkup(
    createElement(SequenceDiagram, {
      session,
      layout: layoutRows(session.steps),
      index,
      onSelect: () => {},
      animate: false,
      travelMs: 0,
    }),
  );
}

function dataSteps(html: string): number[] {
  return [...html.matchAll(/data-step="(\d+)"/g)].map((m) => Number(m[1]));
}

/** A synthetic session of `n` packets: enough shape for the diagram, nothing replayed. */
function syntheticSession(n: number, title = 'SSH_MSG_IGNORE'): Session {
  const steps: Step[] = Array.from({ length: n }, (_, i) => {
    const s: MessageStep = {
      kind: 'message',
      index: i,
      phase: i < 4 ? 'version exchange' : 'encrypted service',
      title,
      who: i % 2 ? 'server → client' : 'client → server',
      t: i,
      explain: 'messages/ignore',
      flow: i % 2 ? 's2c' : 'c2s',
      from: i % 2 ? 'server' : 'client',
      to: i % 2 ? 'client' : 'server',
      entry: { kind: 'packet', direction: 'sent', name: title, wire: new Uint8Array(0), fields: [], encrypted: i >= 4, streamOffset: 0 },
      size: 36,
      encrypted: i >= 4,
    };
    return s;
  });
  return {
    meta: { title: 'synthetic', description: '', created: '', tool: 'test', source: 'simulated' },
    parties: { client: { version: '<b>client</b>', present: true }, server: { version: 'SSH-2.0-x', present: true } },
    attacker: false,
    steps,
    summary: { outcome: 'ok', ok: true },
    // The heads and the counter strip read the state model, folded from these steps.
    stateAt: buildStateIndex(steps, { client: { present: true }, server: { present: true } }).stateAt,
  };
}

describe('SequenceDiagram markup', () => {
  it('draws every step of a real OpenSSH handshake with its data-step, packets as arrows and locks after NEWKEYS', () => {
    const text = readFileSync('public/recordings/real/openssh-curve25519-ed25519-chacha20.json', 'utf8');
    const session = openRecording(text);
    const html = render(session);
    // 640×480 is the size before the first measurement: the rows in view plus overscan.
    const layout = layoutRows(session.steps);
    const { first, end } = visibleRange(layout, 0, 480);
    expect(dataSteps(html)).toEqual(Array.from({ length: end - first }, (_, i) => first + i));
    const arrows = (html.match(/<line class="arrow /g) ?? []).length;
    const messages = session.steps.slice(first, end).filter((s) => s.kind === 'message').length;
    expect(arrows).toBe(messages);
    const locks = (html.match(/class="lock"/g) ?? []).length;
    expect(locks).toBe(session.steps.slice(first, end).filter((s) => s.kind === 'message' && s.encrypted).length);
    // Lifelines are headed by both identification strings.
    expect(html).toContain(session.parties.client.version!);
    expect(html).toContain(session.parties.server.version!);
  });

  it('keeps the current row in the DOM when it lies outside the scroll window (a jump before its scroll)', () => {
    const session = syntheticSession(2000);
    const last = session.steps.length - 1;
    const { end } = visibleRange(layoutRows(session.steps), 0, 480);
    expect(last).toBeGreaterThanOrEqual(end);
    const html = render(session, last);
    // The rows in view, and the current one: the diagram's tab stop and its aria-current.
    expect(dataSteps(html)).toEqual([last, ...Array.from({ length: end }, (_, i) => i)]);
    expect(html).toMatch(new RegExp(`data-step="${last}"[^>]*aria-current="step"|aria-current="step"[^>]*data-step="${last}"`));
  });

  it('draws a labelled phase track per party and names each side\'s phase at the current step in its head', () => {
    const session = openRecording(readFileSync('public/recordings/basics/curve25519-ed25519-chacha20.json', 'utf8'));
    // SSH_MSG_EXT_INFO: the server sends it under its new keys (RFC 8308 §2.4) before the client has
    // even checked the host key, so the two heads must disagree here.
    const ext = session.steps.findIndex((s) => s.title === 'SSH_MSG_EXT_INFO');
    const html = render(session, ext);
    const heads = [...html.matchAll(/<span class="head-phase"[^>]*>[\s\S]*?<span class="phase-long">([^<]+)<\/span>/g)].map((m) => m[1]);
    expect(heads).toEqual(['Key exchange', 'Encrypted service']);
    // Before the first measurement the viewport is the top 480 px: its segments, client's then server's.
    const layout = layoutRows(session.steps);
    const expected = (['client', 'server'] as const).flatMap((p) => segmentsInView(layout.tracks[p], 0, 480).map((x) => phaseStyle(x.phase).label));
    const labels = [...html.matchAll(/<text class="track-label"[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual(expected);
    expect(labels.slice(0, 1)).toEqual(['Version exchange']);
    // No full-width phase bands any more.
    expect(html).not.toContain('class="band');
  });

  it('renders only the rows in view of a 10,000-packet session, and the current one is marked', () => {
    const session = syntheticSession(10_000);
    const html = render(session, 0);
    const steps = dataSteps(html);
    expect(steps.length).toBeGreaterThan(5);
    expect(steps.length).toBeLessThan(30);
    expect(html).toMatch(/data-step="0"[^>]*class="step message current"/);
    expect(html).toMatch(/data-step="1"[^>]*class="step message future"/);
    // Steps 4 onwards were sent after NEWKEYS: each visible one carries a lock.
    const locks = (html.match(/class="lock"/g) ?? []).length;
    expect(locks).toBe(steps.filter((i) => i >= 4).length);
    expect(locks).toBeGreaterThan(0);
  });

  it('keeps markup in recording strings as text', () => {
    const evil = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const html = render(syntheticSession(3, evil));
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>client');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('SequenceDiagram: how a connection ends', () => {
  // Two closes side by side, in view: the client's polite goodbye and the server's MAC error.
  const close = (index: number, by: 'client' | 'server', reason: number, reasonName: string, error?: string): Step => ({
    kind: 'closed',
    index,
    phase: error ? 'failure' : 'encrypted service',
    title: `closed (${reasonName})`,
    who: by,
    t: index,
    explain: 'concepts/disconnect',
    by,
    reason,
    reasonName,
    description: error ? 'MAC mismatch' : 'bye',
    cause: 'local',
    ...(error ? { error } : {}),
  });
  const steps = [close(0, 'client', 11, 'SSH_DISCONNECT_BY_APPLICATION'), close(1, 'server', 5, 'SSH_DISCONNECT_MAC_ERROR', 'SSH_DISCONNECT_MAC_ERROR: MAC mismatch')];
  const session: Session = {
    ...syntheticSession(0),
    steps,
    stateAt: buildStateIndex(steps, { client: { present: true }, server: { present: true } }).stateAt,
  };
  const html = render(session, 1);
  const classOf = (i: number) => {
    const tag = new RegExp(`<g[^>]*data-step="${i}"[^>]*>`).exec(html)?.[0] ?? '';
    return /class="([^"]*)"/.exec(tag)?.[1];
  };

  it('a polite goodbye (reason 11) is not drawn as a failure', () => {
    expect(classOf(0), 'the polite close is drawn').toMatch(/\bclosed\b/);
    expect(classOf(0)).not.toMatch(/\bfailed\b/);
    expect(html).not.toContain('✕ closed (SSH_DISCONNECT_BY_APPLICATION)');
  });

  it('a MAC error close is drawn as a failure', () => {
    expect(classOf(1)).toMatch(/\bfailed\b/);
    expect(html).toContain('✕ closed (SSH_DISCONNECT_MAC_ERROR)');
  });
});

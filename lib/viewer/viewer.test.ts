import { describe, expect, it } from 'vitest';
import { messageTypes, nextBreakpoint } from './breakpoints';
import { describeError } from './errors';
import { actionForKey, isClickerKey, SHORTCUTS } from './keyboard';
import { PRESENTER_PANELS } from './presenter';
import { liveText } from './liveText';
import { algorithmLine, groupEntries, parseManifest, type ManifestEntry } from './manifest';
import { parseViewQuery, viewQuery } from './url';
import { RecordingError } from '../session/recording';

describe('keyboard map', () => {
  it('maps the issue 5 keys, including presentation clickers', () => {
    expect(actionForKey({ key: 'ArrowRight' })).toBe('next');
    expect(actionForKey({ key: 'ArrowLeft' })).toBe('previous');
    expect(actionForKey({ key: 'PageDown' })).toBe('next');
    expect(actionForKey({ key: 'PageUp' })).toBe('previous');
    expect(actionForKey({ key: 'Home' })).toBe('first');
    expect(actionForKey({ key: 'End' })).toBe('last');
    expect(actionForKey({ key: ' ' })).toBe('togglePlay');
    expect(actionForKey({ key: '?' })).toBe('help');
    expect(actionForKey({ key: 'b' })).toBe('breakpoint');
    expect(actionForKey({ key: 'x' })).toBeNull();
  });
  it('lists every action it maps in the shortcuts table (the dialog shows that table)', () => {
    const listed = new Set(SHORTCUTS.map((s) => s.action));
    for (const key of ['ArrowRight', 'ArrowLeft', 'PageUp', 'PageDown', 'Home', 'End', ' ', '?', 'b']) {
      const a = actionForKey({ key });
      expect(a && listed.has(a), key).toBe(true);
    }
  });
  it('leaves typing to text fields, and ignores modified keys', () => {
    for (const key of ['ArrowRight', 'PageDown', ' ', 'p', 'Escape', '?', 'End']) {
      expect(actionForKey({ key, targetTag: 'INPUT', targetType: 'text' }), key).toBeNull();
      expect(actionForKey({ key, targetTag: 'INPUT', targetType: 'search', presenting: true }), key).toBeNull();
      expect(actionForKey({ key, targetTag: 'TEXTAREA' }), key).toBeNull();
      expect(actionForKey({ key, targetEditable: true, presenting: true }), key).toBeNull();
    }
    expect(actionForKey({ key: 'ArrowLeft', altKey: true })).toBeNull();
    expect(actionForKey({ key: 'PageDown', ctrlKey: true })).toBeNull();
  });
  it('the clicker keys step whatever control has focus: the slider, the speed menu, a button', () => {
    for (const presenting of [false, true]) {
      for (const target of [{ targetTag: 'INPUT', targetType: 'range' }, { targetTag: 'SELECT' }, { targetTag: 'BUTTON' }, {}]) {
        expect(actionForKey({ key: 'PageDown', presenting, ...target })).toBe('next');
        expect(actionForKey({ key: 'PageUp', presenting, ...target })).toBe('previous');
        expect(actionForKey({ key: 'ArrowRight', presenting, ...target })).toBe('next');
        expect(actionForKey({ key: 'ArrowLeft', presenting, ...target })).toBe('previous');
        expect(actionForKey({ key: ' ', presenting, ...target })).toBe('togglePlay');
      }
    }
    for (const key of ['PageDown', 'PageUp', 'ArrowLeft', 'ArrowRight', ' ']) expect(isClickerKey(key), key).toBe(true);
    for (const key of ['Home', 'End', 'ArrowDown', 'p', 'Escape']) expect(isClickerKey(key), key).toBe(false);
  });
  it('other keys stay with the control that uses them (Home/End on the slider, letters in a select)', () => {
    expect(actionForKey({ key: 'End', targetTag: 'INPUT', targetType: 'range' })).toBeNull();
    expect(actionForKey({ key: 'Home', targetTag: 'SELECT' })).toBeNull();
    expect(actionForKey({ key: 'b', targetTag: 'SELECT' })).toBeNull();
    expect(actionForKey({ key: 'End', inTree: true })).toBeNull();
    expect(actionForKey({ key: 'ArrowDown', inTree: true, presenting: true })).toBeNull();
    // A checkbox keeps Space in normal mode; other keys still reach the viewer.
    expect(actionForKey({ key: ' ', targetTag: 'INPUT', targetType: 'checkbox' })).toBeNull();
    expect(actionForKey({ key: 'PageDown', targetTag: 'INPUT', targetType: 'checkbox' })).toBe('next');
    expect(actionForKey({ key: 'b', targetTag: 'INPUT', targetType: 'checkbox' })).toBe('breakpoint');
  });
  it('the field tree keeps ← → Space in normal mode (its tree keys), not in presenter mode', () => {
    expect(actionForKey({ key: 'ArrowRight', inTree: true })).toBeNull();
    expect(actionForKey({ key: ' ', inTree: true })).toBeNull();
    expect(actionForKey({ key: 'PageDown', inTree: true })).toBe('next');
    expect(actionForKey({ key: 'ArrowRight', inTree: true, presenting: true })).toBe('next');
    expect(actionForKey({ key: ' ', inTree: true, presenting: true })).toBe('togglePlay');
  });
  it('P toggles presenter mode, Esc leaves it (only there), W hides the future in both modes', () => {
    expect(actionForKey({ key: 'p' })).toBe('togglePresenter');
    expect(actionForKey({ key: 'P', presenting: true })).toBe('togglePresenter');
    expect(actionForKey({ key: 'Escape', presenting: true })).toBe('exitPresenter');
    expect(actionForKey({ key: 'Escape' })).toBeNull();
    expect(actionForKey({ key: 'w' })).toBe('toggleHideFuture');
    expect(actionForKey({ key: 'W', presenting: true })).toBe('toggleHideFuture');
    expect(actionForKey({ key: 'q' })).toBe('toggleQuiz');
    // 1–4 answer a quiz question (components/viewer/Quiz.tsx): the viewer's map leaves them alone.
    for (const k of ['1', '2', '3', '4']) expect(actionForKey({ key: k })).toBeNull();
  });
  it('panel keys and ↓/↑ scrolling work in presenter mode only, and clash with no other key', () => {
    for (const p of PRESENTER_PANELS) {
      expect(actionForKey({ key: p.key.toLowerCase(), presenting: true })).toBe(`panel:${p.id}`);
      expect(actionForKey({ key: p.key.toUpperCase(), presenting: true })).toBe(`panel:${p.id}`);
      expect(actionForKey({ key: p.key.toLowerCase() })).toBeNull();
    }
    expect(actionForKey({ key: 'ArrowDown', presenting: true })).toBe('scrollDown');
    expect(actionForKey({ key: 'ArrowUp', presenting: true })).toBe('scrollUp');
    expect(actionForKey({ key: 'ArrowDown' })).toBeNull();
    // One action per key, in both modes: a letter never means two things.
    const keys = ['b', 'p', 'w', '?', 'Home', 'End', ...PRESENTER_PANELS.map((p) => p.key.toLowerCase())];
    expect(new Set(keys).size).toBe(keys.length);
  });
  it('lists every key it maps in the shortcuts table, presenter keys marked', () => {
    const listed = new Set(SHORTCUTS.map((s) => s.action));
    for (const key of ['p', 'w', 'Escape', ...PRESENTER_PANELS.map((p) => p.key)]) {
      const a = actionForKey({ key, presenting: true });
      expect(a && listed.has(a), key).toBe(true);
    }
    for (const s of SHORTCUTS.filter((x) => x.action.startsWith('panel:') || x.action === 'exitPresenter')) expect(s.presenter, s.action).toBe(true);
  });
});

describe('deep links', () => {
  it('reads ?step=N as 1-based and clamps it', () => {
    expect(parseViewQuery('?step=1', 10)).toMatchObject({ index: 0, present: false, hideFuture: false });
    expect(parseViewQuery('?step=7&present=1', 10)).toMatchObject({ index: 6, present: true });
    expect(parseViewQuery('?step=99', 10).index).toBe(9);
    expect(parseViewQuery('?step=0', 10).index).toBe(0);
    expect(parseViewQuery('?step=-3', 10).index).toBe(0);
    expect(parseViewQuery('?step=abc', 10).index).toBe(0);
    expect(parseViewQuery('?step=2e3', 10).index).toBe(0);
    expect(parseViewQuery('', 0).index).toBe(0);
  });
  it('reads panels (default: the counters) and hide-future', () => {
    expect([...parseViewQuery('', 10).panels]).toEqual(['counters']);
    expect([...parseViewQuery('?panels=fields,algorithms,bogus', 10).panels].sort()).toEqual(['algorithms', 'fields']);
    expect([...parseViewQuery('?panels=', 10).panels]).toEqual([]);
    expect(parseViewQuery('?hide-future=1', 10).hideFuture).toBe(true);
    expect(parseViewQuery('?hide-future=0', 10).hideFuture).toBe(false);
    expect(parseViewQuery('?quiz=1', 10).quiz).toBe(true);
    expect(parseViewQuery('?quiz=yes', 10).quiz).toBe(false);
  });
  it('quiz=1 is written only while quiz mode is on; a lesson (withStep: false) leaves step out', () => {
    expect(viewQuery('?stop=3', { index: 4, present: true, quiz: true, withStep: false })).toBe('?stop=3&present=1&quiz=1');
    expect(viewQuery('?step=2&quiz=1', { index: 1, present: false, quiz: false })).toBe('?step=2');
  });
  it('writes the step back 1-based, keeping other parameters, and round-trips', () => {
    expect(viewQuery('?x=1', { index: 4, present: false })).toBe('?x=1&step=5');
    expect(viewQuery('?step=2&present=1', { index: 0, present: false })).toBe('?step=1');
    expect(viewQuery('', { index: 0, present: true, panels: new Set(['counters']) })).toBe('?step=1&present=1');
    expect(viewQuery('', { index: 0, present: true, panels: new Set(['fields', 'counters']), hideFuture: true })).toBe(
      '?step=1&present=1&panels=counters%2Cfields&hide-future=1',
    );
    for (let i = 0; i < 30; i++) {
      for (const present of [false, true]) {
        for (const hideFuture of [false, true]) {
          const panels = new Set(i % 2 ? (['algorithms', 'hashInputs'] as const) : (['counters'] as const));
          const quiz = i % 3 === 0;
          const back = parseViewQuery(viewQuery('', { index: i, present, panels, hideFuture, quiz }), 30);
          expect(back).toEqual({ index: i, present, panels, hideFuture, quiz });
        }
      }
    }
  });
});

describe('live region text', () => {
  it('has the exact shape issue 5 names', () => {
    expect(liveText({ title: 'SSH_MSG_KEXINIT', who: 'client → server' }, 2, 40)).toBe(
      'Step 3 of 40: SSH_MSG_KEXINIT (client → server)',
    );
  });
});

describe('breakpoints', () => {
  const steps = [
    { kind: 'message' as const, title: 'version' },
    { kind: 'message' as const, title: 'SSH_MSG_KEXINIT' },
    { kind: 'computation' as const, title: 'SSH_MSG_NEWKEYS' },
    { kind: 'message' as const, title: 'SSH_MSG_KEXINIT' },
    { kind: 'message' as const, title: 'SSH_MSG_NEWKEYS' },
  ];
  it('lists message types once, in order; computations are not message types', () => {
    expect(messageTypes(steps)).toEqual(['version', 'SSH_MSG_KEXINIT', 'SSH_MSG_NEWKEYS']);
  });
  it('finds the next matching message strictly after the current step', () => {
    const bp = new Set(['SSH_MSG_NEWKEYS', 'SSH_MSG_KEXINIT']);
    expect(nextBreakpoint(steps, -1, bp)).toBe(1);
    expect(nextBreakpoint(steps, 1, bp)).toBe(3);
    expect(nextBreakpoint(steps, 3, bp)).toBe(4);
    expect(nextBreakpoint(steps, 4, bp)).toBe(-1);
    expect(nextBreakpoint(steps, 0, new Set())).toBe(-1);
  });
});

describe('manifest', () => {
  const good = {
    format: 'sshscope-manifest',
    version: 1,
    recordings: [
      {
        slug: 'real-one',
        group: 'Real servers',
        title: 'A',
        description: 'd',
        file: '/recordings/real/a.json',
        algorithms: { kex: 'curve25519-sha256', cipher: 'aes128-ctr', mac: 'hmac-sha2-256' },
        outcome: 'ok',
        ok: true,
        steps: 3,
        bytes: 10,
      },
      {
        slug: 'basic-one',
        group: 'Basics',
        title: 'B',
        description: 'd',
        file: '/recordings/basics/b.json',
        algorithms: {},
        outcome: 'ok',
        ok: true,
        steps: 3,
        bytes: 10,
      },
    ],
  };
  it('accepts the agreed shape and groups it in gallery order', () => {
    const m = parseManifest(good);
    expect(groupEntries(m.recordings).map((g) => [g.group, g.entries.map((e) => e.slug)])).toEqual([
      ['Basics', ['basic-one']],
      ['Real servers', ['real-one']],
    ]);
  });
  it('rejects bad slugs, paths outside /recordings and duplicate slugs, naming the path', () => {
    const bad = structuredClone(good);
    bad.recordings[0].slug = 'Not Kebab';
    expect(() => parseManifest(bad)).toThrow(/\$\.recordings\[0\]\.slug/);
    const escape = structuredClone(good);
    escape.recordings[1].file = '/../etc/passwd.json';
    expect(() => parseManifest(escape)).toThrow(/\$\.recordings\[1\]\.file/);
    const dup = structuredClone(good);
    dup.recordings[1].slug = 'real-one';
    expect(() => parseManifest(dup)).toThrow(/not unique/);
  });
  it('names the MAC only when the cipher is not an AEAD', () => {
    const a = (x: ManifestEntry['algorithms']) => algorithmLine(x);
    expect(a({ kex: 'k', hostKey: 'h', cipher: 'aes128-ctr', mac: 'hmac-sha2-256' })).toBe('k · h · aes128-ctr · hmac-sha2-256');
    expect(a({ kex: 'k', cipher: 'chacha20-poly1305@openssh.com', mac: 'hmac-sha2-256' })).toBe('k · chacha20-poly1305@openssh.com');
    expect(a({ kex: 'k', cipher: 'aes256-gcm@openssh.com' })).toBe('k · aes256-gcm@openssh.com');
  });
});

describe('describeError', () => {
  it('lists a RecordingError as path + problem', () => {
    const e = new RecordingError([{ path: '$.client.events[3].bytes', problem: 'must be lower-case hex' }]);
    expect(describeError(e)).toEqual([{ where: '$.client.events[3].bytes', problem: 'must be lower-case hex' }]);
  });
  it('falls back to the message, and to a sentence for non-errors; clips huge text', () => {
    expect(describeError(new Error('recording is inconsistent at event 12'))).toEqual([
      { where: '', problem: 'recording is inconsistent at event 12' },
    ]);
    expect(describeError(undefined)[0].problem).toMatch(/could not be opened/);
    expect(describeError('x'.repeat(5000))[0].problem.length).toBeLessThan(600);
  });
  it('caps a flood of issues', () => {
    const many = new RecordingError(Array.from({ length: 100 }, (_, i) => ({ path: `$[${i}]`, problem: 'bad' })));
    const d = describeError(many);
    expect(d.length).toBe(21);
    expect(d[20].problem).toMatch(/80 more/);
  });
});

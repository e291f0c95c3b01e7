import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { movingLinkProblem } from '../content/links';
import { openRecording } from '../session/open';
import { parseManifest } from '../viewer/manifest';
import { citationLink, LessonError, parseLesson, stopFromQuery, stopProblem } from './lesson';

const DIR = 'content/lessons';
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const manifest = parseManifest(JSON.parse(readFileSync('public/recordings/index.json', 'utf8'))).recordings;

describe('content/lessons', () => {
  it('holds the four lessons issue 13 asks for', () => {
    const titles = files.map((f) => parseLesson(JSON.parse(readFileSync(`${DIR}/${f}`, 'utf8')), f).title);
    expect(titles).toEqual(
      expect.arrayContaining(['The handshake in twelve steps', 'Why the host key signs H', 'Terrapin, step by step', 'Negotiation: who decides what']),
    );
  });

  for (const f of files) {
    describe(f, () => {
      const lesson = parseLesson(JSON.parse(readFileSync(`${DIR}/${f}`, 'utf8')), f);
      const entry = manifest.find((e) => e.slug === lesson.session);
      it('names a bundled session', () => expect(entry, lesson.session).toBeDefined());
      it('every stop exists and is the step it expects', () => {
        const session = openRecording(readFileSync(`public${entry!.file}`, 'utf8'));
        const problems = lesson.stops.flatMap((s, i) => {
          const p = stopProblem(s, session.steps);
          return p ? [`stop ${i + 1}: ${p}`] : [];
        });
        expect(problems).toEqual([]);
      });
      it('stops move forward through the session', () => {
        const steps = lesson.stops.map((s) => s.step);
        expect(steps).toEqual([...steps].sort((a, b) => a - b));
        expect(new Set(steps).size).toBe(steps.length);
      });
      it('every citation links to a pinned source', () => {
        const bad = lesson.stops.flatMap((s) => s.cite.map(citationLink)).flatMap((l) => (movingLinkProblem(l.href) ? [l.href] : []));
        expect(bad).toEqual([]);
      });
      if (lesson.title.includes('twelve')) it('has twelve stops', () => expect(lesson.stops).toHaveLength(12));
    });
  }
});

describe('the lesson format', () => {
  const good = JSON.parse(readFileSync(`${DIR}/${files[0]}`, 'utf8'));
  const bad = (edit: (l: typeof good) => void) => {
    const l = structuredClone(good);
    edit(l);
    return () => parseLesson(l, 'x.json');
  };
  it('accepts a real lesson', () => expect(() => parseLesson(good, 'x.json')).not.toThrow());
  it('rejects a wrong format or version, naming the file and path', () => {
    expect(bad((l) => (l.format = 'slides'))).toThrow(/x\.json: not a valid lesson:\n {2}format:/);
    expect(bad((l) => (l.version = 2))).toThrow(/version/);
  });
  it('rejects a stop without narration, with step 0, or an unknown key', () => {
    expect(bad((l) => delete l.stops[0].narration)).toThrow(/stops\.0\.narration/);
    expect(bad((l) => (l.stops[1].step = 0))).toThrow(/stops\.1\.step/);
    expect(bad((l) => (l.stops[0].notes = 'x'))).toThrow(LessonError);
  });
  it('rejects a citation sshscope cannot link, and a plain-http URL', () => {
    expect(bad((l) => (l.stops[0].cite = ['my notes']))).toThrow(/stops\.0\.cite\.0/);
    expect(bad((l) => (l.stops[0].cite = [{ label: 'x', href: 'http://example.com/' }]))).toThrow(/stops\.0\.cite\.0/);
    expect(bad((l) => (l.stops[0].cite = []))).toThrow(/stops\.0\.cite/);
  });
  it('stopProblem names a missing step, a different step and a different party', () => {
    const session = openRecording(readFileSync('public/recordings/basics/known-host-key.json', 'utf8'));
    const stop = { step: 18, expect: 'SSH_MSG_NEWKEYS', by: 'server' as const, title: 't', narration: 'n', cite: ['RFC 4253 §7.3'] };
    expect(stopProblem(stop, session.steps)).toBeNull();
    expect(stopProblem({ ...stop, step: 99 }, session.steps)).toMatch(/step 99 does not exist/);
    expect(stopProblem({ ...stop, step: 17 }, session.steps)).toMatch(/step 17 is "derive keys", not "SSH_MSG_NEWKEYS"/);
    expect(stopProblem({ ...stop, by: 'client' }, session.steps)).toMatch(/by the server, not the client/);
  });
  it('?stop=N is 1-based and clamped; garbage is the first stop', () => {
    expect(stopFromQuery('?stop=3', 8)).toBe(2);
    expect(stopFromQuery('?stop=99', 8)).toBe(7);
    expect(stopFromQuery('?stop=0', 8)).toBe(0);
    expect(stopFromQuery('?stop=x', 8)).toBe(0);
    expect(stopFromQuery('', 8)).toBe(0);
  });
});

// Classroom (issue 13, part 5): quiz mode on a session page and the lessons. The quiz asks before
// every message, answers with keys 1–4 or a click, reveals the step with its reason, keeps a score
// and never draws the step being asked about; every lesson opens at every stop (deep link and
// keys) with no console error, and a lesson's narration fits a projector in presenter mode.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { parseLesson, type Lesson } from '../lib/lessons/lesson';
import { quizQuestion } from '../lib/viewer/quiz';
import { failingFindings, formatFindings } from './axe';
import { ROOT, screenshot, url, withPage } from './harness';
import { expectedLive, manifest, openInNode, readPublic } from './model';
import { cutText } from './presenter-fit';
import { button, eventually, expectLive, scrollSize, waitForPanels, waitForViewer } from './viewer';

const QUIZ_SLUG = 'known-host-key';

function lessonFiles(): { slug: string; lesson: Lesson }[] {
  const dir = join(ROOT, 'content', 'lessons');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ slug: f.slice(0, -5), lesson: parseLesson(JSON.parse(readFileSync(join(dir, f), 'utf8')), f) }));
}

async function sessionOf(slug: string) {
  const e = manifest().find((m) => m.slug === slug);
  if (!e) throw new Error(`no bundled session ${slug}`);
  return openInNode(readPublic(e.file.replace(/^\//, '')));
}

/** The highest step drawn in the diagram (0-based). */
function maxRow(page: Page): Promise<number> {
  return page.evaluate(() =>
    Math.max(-1, ...[...document.querySelectorAll('[data-testid="sequence-diagram"] [data-step]')].map((e) => Number(e.getAttribute('data-step')))),
  );
}

const quiz = (page: Page) => page.getByTestId('quiz');
const choiceButtons = (page: Page) => quiz(page).getByRole('listitem').getByRole('button');
const score = async (page: Page) => ((await page.getByTestId('quiz-score').textContent()) ?? '').trim();

describe('quiz mode', () => {
  test('?quiz=1: asks before each message, keys 1–4 and clicks answer, the step is hidden until then, the score adds up', () =>
    withPage('quiz', {}, async ({ page }) => {
      const session = await sessionOf(QUIZ_SLUG);
      const steps = session.steps;
      await page.goto(url(`/sessions/${QUIZ_SLUG}/?quiz=1`));
      await waitForViewer(page);
      await expectLive(page, expectedLive(session, 0));
      expect(await button(page, 'Quiz').getAttribute('aria-pressed')).toBe('true');

      let right = 0;
      let asked = 0;
      let clicked = false;
      let wrongOnce = false;
      for (let guard = 0; guard < steps.length * 2; guard++) {
        const before = await page.evaluate(() => document.querySelector('[aria-live="polite"].live')?.textContent ?? '');
        const at = Number(/^Step (\d+)/.exec(before)?.[1]) - 1;
        if (at >= steps.length - 1) break;
        await page.keyboard.press('ArrowRight');
        const next = at + 1;
        // A computation (or a close) is revealed without a question.
        if (steps[next].kind !== 'message') {
          await expectLive(page, expectedLive(session, next));
          continue;
        }
        await expectLive(page, expectedLive(session, at));
        const q = quizQuestion(steps, next, session.meta.title ?? '')!;
        await eventually(async () => (await choiceButtons(page).allTextContents()).map((t) => t.replace(/^\d\s*/, '').trim()), q.choices, `choices for step ${next + 1}`);
        await expect.poll(() => page.locator('[aria-live="polite"]').filter({ hasText: /^Question \d+/ }).textContent()).toContain(`what comes after step ${next}?`);
        // The future stays hidden while the question is open: the step asked about is not drawn.
        expect(await maxRow(page), `step ${next + 1} hidden while asked`).toBe(next - 1);
        // → does not skip the question.
        await page.keyboard.press('ArrowRight');
        await expectLive(page, expectedLive(session, next - 1));
        // Answer: the first question wrong (by key), one by click, the rest right by key.
        let pick = q.answer;
        if (!wrongOnce) {
          pick = (q.answer + 1) % q.choices.length;
          wrongOnce = true;
        }
        if (!clicked && asked === 2) {
          await choiceButtons(page).nth(pick).click();
          clicked = true;
        } else await page.keyboard.press(String(pick + 1));
        asked++;
        if (pick === q.answer) right++;
        await expectLive(page, expectedLive(session, next));
        const result = page.getByTestId('quiz-result');
        const text = (await result.textContent()) ?? '';
        expect(text).toMatch(pick === q.answer ? /^✓ Right: / : /^✕ Not quite: you chose \S+, it was /);
        expect(text).toContain(q.reason);
        expect(await score(page)).toBe(`Score: ${right} of ${asked}`);
        expect(await maxRow(page)).toBe(next);
      }
      const messages = steps.filter((s, i) => i > 0 && s.kind === 'message').length;
      expect(asked).toBe(messages);
      expect(right).toBe(messages - 1);
      await expectLive(page, expectedLive(session, steps.length - 1));
      await expect.poll(() => quiz(page).getByRole('heading').textContent()).toBe(`Quiz finished: ${right} of ${asked}`);
      // The outcome shows at the end, as with hide-future.
      expect(await page.getByTestId('outcome').textContent()).toContain(session.summary.outcome);
    }));

  test('the Quiz button starts it mid-session (the steps seen so far count as seen), End stops at the next question', () =>
    withPage('quiz-button', {}, async ({ page }) => {
      const session = await sessionOf(QUIZ_SLUG);
      await page.goto(url(`/sessions/${QUIZ_SLUG}/?step=9`));
      await waitForViewer(page);
      expect(await maxRow(page)).toBeGreaterThan(8);
      await button(page, 'Quiz').click();
      expect(await button(page, 'Quiz').getAttribute('aria-pressed')).toBe('true');
      await eventually(async () => new URL(page.url()).searchParams.get('quiz'), '1', 'URL ?quiz=1');
      expect(await maxRow(page)).toBe(8);
      await page.keyboard.press('End');
      const next = session.steps.findIndex((s, i) => i > 8 && s.kind === 'message');
      await expectLive(page, expectedLive(session, next - 1));
      await expect.poll(() => choiceButtons(page).count()).toBeGreaterThanOrEqual(3);
      await page.keyboard.press('1');
      await expectLive(page, expectedLive(session, next));
      expect(await score(page)).toMatch(/^Score: [01] of 1$/);
      // Off again: everything is drawn, the question is gone.
      await page.keyboard.press('q');
      await expect.poll(() => quiz(page).count()).toBe(0);
      await expect.poll(() => maxRow(page)).toBeGreaterThan(next);
      await eventually(async () => new URL(page.url()).searchParams.get('quiz'), null, 'URL without quiz');
    }));

  test('axe: no serious findings with a question open', () =>
    withPage('quiz-axe', {}, async ({ page }) => {
      await page.goto(url(`/sessions/${QUIZ_SLUG}/?quiz=1`));
      await waitForViewer(page);
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => choiceButtons(page).count()).toBeGreaterThanOrEqual(3);
      const f = await failingFindings(page);
      expect(f, formatFindings('quiz', f)).toEqual([]);
      await screenshot(page, 'quiz-question-1440x900');
      await page.keyboard.press('1');
      await page.getByTestId('quiz-result').waitFor();
      await screenshot(page, 'quiz-answer-1440x900');
    }));

  test('presenter mode: the question fits 1280×720', () =>
    withPage('quiz-presenter', { viewport: { width: 1280, height: 720 } }, async ({ page }) => {
      await page.goto(url(`/sessions/${QUIZ_SLUG}/?quiz=1&present=1&step=15`));
      await waitForViewer(page);
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => choiceButtons(page).count()).toBeGreaterThanOrEqual(3);
      await waitForPanels(page, 14);
      expect(await cutText(page)).toEqual([]);
      const s = await scrollSize(page);
      expect(s.sh).toBeLessThanOrEqual(s.vh);
      await screenshot(page, 'quiz-question-presenter-1280x720');
    }));
});

describe('lessons', () => {
  const all = lessonFiles();

  test('the gallery links to the lessons index, which lists every lesson; axe finds nothing serious', () =>
    withPage('lessons-index', {}, async ({ page }) => {
      await page.goto(url('/'));
      await page.getByRole('link', { name: 'lesson', exact: true }).click();
      await page.waitForURL(/\/lessons\/$/);
      for (const { lesson } of all) await page.getByRole('link', { name: lesson.title, exact: true }).waitFor();
      const f = await failingFindings(page);
      expect(f, formatFindings('/lessons/', f)).toEqual([]);
      await screenshot(page, 'lessons-index-1440x900');
    }));

  for (const { slug, lesson } of all) {
    test(`${slug}: every stop by deep link and by keys, narration and step agree`, () =>
      withPage(`lesson-${slug}`, {}, async ({ page }) => {
        const session = await sessionOf(lesson.session);
        const narration = page.getByTestId('lesson-narration');
        for (const [i, stop] of lesson.stops.entries()) {
          await page.goto(url(`/lessons/${slug}/?stop=${i + 1}`));
          await waitForViewer(page);
          await expectLive(page, expectedLive(session, stop.step - 1));
          expect(await narration.textContent()).toBe(stop.narration);
        }
        // From the last stop back to the first with the clicker keys, then forward with the button.
        for (let i = lesson.stops.length - 2; i >= 0; i--) {
          await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'PageUp');
          await expectLive(page, expectedLive(session, lesson.stops[i].step - 1));
          expect(await narration.textContent()).toBe(lesson.stops[i].narration);
          await eventually(async () => new URL(page.url()).searchParams.get('stop'), String(i + 1), 'URL ?stop=');
        }
        expect(await button(page, '← Previous stop').isDisabled()).toBe(true);
        await button(page, 'Next stop →').click();
        await expectLive(page, expectedLive(session, lesson.stops[1].step - 1));
        expect(new URL(page.url()).searchParams.get('step')).toBeNull();
      }));
  }

  test('a lesson page: axe finds nothing serious; screenshots at 1440×900', () =>
    withPage('lesson-axe', {}, async ({ page }) => {
      await page.goto(url(`/lessons/${all[0].slug}/?stop=3`));
      await waitForViewer(page);
      await waitForPanels(page, all[0].lesson.stops[2].step - 1);
      const f = await failingFindings(page);
      expect(f, formatFindings('lesson', f)).toEqual([]);
      for (const { slug, lesson } of all) {
        const k = Math.min(3, lesson.stops.length);
        await page.goto(url(`/lessons/${slug}/?stop=${k}`));
        await waitForViewer(page);
        await waitForPanels(page, lesson.stops[k - 1].step - 1);
        await screenshot(page, `lesson-${slug}-stop${k}-1440x900`);
      }
    }));

  test('presenter mode at 1280×720: every stop of every lesson, narration on screen, nothing cut, no page scroll', () =>
    withPage('lesson-presenter', { viewport: { width: 1280, height: 720 } }, async ({ page }) => {
      for (const { slug, lesson } of all) {
        const session = await sessionOf(lesson.session);
        const longest = lesson.stops.reduce((m, s, i) => (s.narration.length > lesson.stops[m].narration.length ? i : m), 0);
        await page.goto(url(`/lessons/${slug}/?present=1`));
        await waitForViewer(page);
        for (const [i, stop] of lesson.stops.entries()) {
          if (i > 0) await page.keyboard.press('PageDown');
          await expectLive(page, expectedLive(session, stop.step - 1));
          await waitForPanels(page, stop.step - 1);
          const where = `${slug} stop ${i + 1}`;
          const box = await page.getByTestId('lesson-stop').boundingBox();
          expect(box, where).not.toBeNull();
          expect(box!.y, where).toBeGreaterThanOrEqual(0);
          expect(box!.y + box!.height, where).toBeLessThanOrEqual(720);
          expect(await cutText(page), where).toEqual([]);
          const s = await scrollSize(page);
          expect(s.sh, where).toBeLessThanOrEqual(s.vh);
          if (i === 2) await screenshot(page, `lesson-${slug}-stop3-presenter-1280x720`);
          if (i === longest) await screenshot(page, `lesson-${slug}-longest-stop${i + 1}-presenter-1280x720`);
        }
      }
    }));

  test('phone (390×844): a lesson stop and a quiz question fit the width', () =>
    withPage('classroom-phone', { viewport: { width: 390, height: 844 } }, async ({ page }) => {
      const { slug, lesson } = all[0];
      await page.goto(url(`/lessons/${slug}/?stop=4`));
      await waitForViewer(page);
      await page.getByTestId('lesson-narration').waitFor();
      expect(await page.getByTestId('lesson-narration').textContent()).toBe(lesson.stops[3].narration);
      let s = await scrollSize(page);
      expect(s.sw, 'no horizontal scroll on a lesson').toBeLessThanOrEqual(s.vw);
      await screenshot(page, `lesson-${slug}-stop4-phone-390x844`);
      await page.goto(url(`/sessions/${QUIZ_SLUG}/?quiz=1&step=7`));
      await waitForViewer(page);
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => choiceButtons(page).count()).toBeGreaterThanOrEqual(3);
      s = await scrollSize(page);
      expect(s.sw, 'no horizontal scroll in a quiz').toBeLessThanOrEqual(s.vw);
      await screenshot(page, 'quiz-question-phone-390x844');
    }));
});

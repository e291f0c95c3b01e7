'use client';
// Quiz mode: the viewer's forward moves stop before each message not yet answered, and this panel
// asks what comes next (lib/viewer/quiz.ts makes the question). Keys 1–4 or a click answer; the
// answer reveals the step with the reason, and a running score ends as "7 of 12".

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Step } from '@/lib/session/session';
import './classroom.css';
import { nextQuestion, quizQuestion, scoreText, type QuizQuestion } from '@/lib/viewer/quiz';

export interface QuizResult {
  step: number;
  chosen: string;
  ok: boolean;
  right: string;
  reason: string;
}

export interface Quiz {
  on: boolean;
  /** Turns quiz mode on (from `at`: the steps up to it count as seen) or off. */
  setOn: (on: boolean, at: number) => void;
  /** Where a forward move from `from` to `to` must stop: the step before the first unanswered
   *  message (whose question then opens), or `to`. */
  gate: (from: number, to: number) => { to: number; asked: boolean };
  /** The open question, if any. */
  question: QuizQuestion | null;
  /** Records an answer; returns the step it reveals. */
  answer: (choice: number) => number | null;
  last: QuizResult | null;
  answers: ReadonlyMap<number, boolean>;
}

export function useQuiz(steps: readonly Step[], salt: string): Quiz {
  const [on, setOnState] = useState(false);
  const [asked, setAsked] = useState<number | null>(null);
  const [answers, setAnswers] = useState<ReadonlyMap<number, boolean>>(() => new Map());
  const [last, setLast] = useState<QuizResult | null>(null);
  // The gate runs inside the viewer's go(), between renders: it reads refs, not state.
  const live = useRef({ on: false, seenUpTo: -1, answered: new Set<number>(), asked: null as number | null });

  const setOn = useCallback((v: boolean, at: number) => {
    live.current = { on: v, seenUpTo: at, answered: new Set(), asked: null };
    setOnState(v);
    setAsked(null);
    setAnswers(new Map());
    setLast(null);
  }, []);

  const gate = useCallback(
    (from: number, to: number) => {
      const l = live.current;
      if (!l.on || to <= from) return { to, asked: false };
      const k = nextQuestion(steps, Math.max(from, l.seenUpTo), to, l.answered);
      if (k < 0) return { to, asked: false };
      if (l.asked !== k) {
        l.asked = k;
        setAsked(k);
      }
      return { to: Math.max(from, k - 1), asked: true };
    },
    [steps],
  );

  const question = useMemo(() => (on && asked !== null ? quizQuestion(steps, asked, salt) : null), [on, asked, steps, salt]);

  const answer = useCallback(
    (choice: number) => {
      if (!question || choice < 0 || choice >= question.choices.length) return null;
      const ok = choice === question.answer;
      live.current.answered.add(question.step);
      live.current.asked = null;
      setAnswers((m) => new Map(m).set(question.step, ok));
      setLast({ step: question.step, chosen: question.choices[choice], ok, right: question.choices[question.answer], reason: question.reason });
      setAsked(null);
      return question.step;
    },
    [question],
  );

  return { on, setOn, gate, question, answer, last, answers };
}

/** The question (or the last answer and the score) above the diagram. */
export function QuizPanel({ quiz, atEnd, onAnswer }: { quiz: Quiz; atEnd: boolean; onAnswer: (choice: number) => void }) {
  const q = quiz.question;
  // Keys 1–4 answer; taken before the viewer's own keys, and only while a question is open.
  useEffect(() => {
    if (!q) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
      const n = Number(e.key);
      if (Number.isInteger(n) && n >= 1 && n <= q.choices.length) {
        e.preventDefault();
        onAnswer(n - 1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [q, onAnswer]);

  const score = scoreText(quiz.answers);
  const announce = q
    ? `Question ${quiz.answers.size + 1}: what comes after step ${q.step}? ${q.choices.map((c, i) => `${i + 1}: ${c}`).join('; ')}.`
    : quiz.last
      ? `${quiz.last.ok ? 'Right: ' : `Not quite: you chose ${quiz.last.chosen}, it was `}${quiz.last.right}. ${quiz.last.reason} Score ${score}.`
      : '';
  return (
    <section className="quiz" aria-labelledby="quiz-title" data-testid="quiz">
      <p className="sr-only" aria-live="polite">
        {announce}
      </p>
      {q ? (
        <>
          <h2 id="quiz-title" className="quiz-title">
            What comes next, after step {q.step}? <span className="quiz-hint">Answer with keys 1–{q.choices.length}</span>
          </h2>
          <ol className="quiz-choices">
            {q.choices.map((c, i) => (
              <li key={c}>
                <button type="button" onClick={() => onAnswer(i)}>
                  <kbd aria-hidden="true">{i + 1}</kbd> {c}
                </button>
              </li>
            ))}
          </ol>
        </>
      ) : (
        <>
          <h2 id="quiz-title" className="quiz-title">
            Quiz{atEnd && quiz.answers.size > 0 ? ` finished: ${score}` : ''}
          </h2>
          {quiz.last ? (
            <p className={`quiz-result ${quiz.last.ok ? 'ok' : 'wrong'}`} data-testid="quiz-result">
              <strong>
                <span aria-hidden="true">{quiz.last.ok ? '✓ ' : '✕ '}</span>
                {quiz.last.ok ? 'Right:' : 'Not quite:'}
              </strong>{' '}
              {quiz.last.ok ? null : <>you chose <code>{quiz.last.chosen}</code>, it was </>}
              <code>{quiz.last.right}</code>. {quiz.last.reason}
            </p>
          ) : (
            <p className="quiz-result">Step forward (→): before each message you will be asked what comes next.</p>
          )}
        </>
      )}
      <p className="quiz-score" data-testid="quiz-score">
        Score: {score}
      </p>
    </section>
  );
}

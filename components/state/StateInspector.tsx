'use client';

// Both endpoints' state after the current step, side by side: where each is in the protocol, what
// was negotiated and why, and every value the key exchange produced (K, H and its inputs, the
// session id, keys A–F with their formulas). Values are hex with copy buttons.

import { useMemo, type ReactNode } from 'react';
import { CopyButton } from '@/components/inspector/CopyButton';
import { Reproduce } from '@/components/inspector/Reproduce';
import { HexValue } from './HexValue';
import { RatingBadge } from '@/components/ratings/Rating';
import { refsToLinks } from '@/lib/content/rfcLink';
import { toHex } from '@/lib/inspector/format';
import { K_AS_STRING, K_AS_STRING_MAIN, type Reason } from '@/lib/inspector/kEncoding';
import { hashInputSources, type HashInputSource } from '@/lib/inspector/hashInputSource';
import type { FieldPath } from '@/lib/inspector/fieldAt';
import type { RegionKind } from '@/lib/inspector/wireRegions';
import { kexRounds, roundReproductions, type KexReproductions, type Reproduction } from '@/lib/inspector/reproduce';
import type { EndpointState, MessageStep, Party, SessionState, StateSection, Step } from '@/lib/session/session';
import type { Choice } from '@/lib/ssh/transport/negotiate';
import './state.css';

/** Move the viewer to a step and select a field of its packet there. */
export type ShowSource = (step: number, field?: FieldPath) => void;

/**
 * `steps`: the session's, for the commands that reproduce each computed value (none without them).
 * `onShowSource`: links each input of H to the packet it came from (none without it).
 */
export function StateInspector({
  state,
  step,
  steps,
  onShowSource,
}: {
  state: SessionState;
  step: Step | undefined;
  steps?: readonly Step[];
  onShowSource?: ShowSource;
}) {
  const rounds = useMemo(() => (steps ? { client: kexRounds(steps, 'client'), server: kexRounds(steps, 'server') } : undefined), [steps]);
  const sources = useMemo(
    () => (steps && onShowSource ? { client: hashInputSources(steps, 'client', state.index), server: hashInputSources(steps, 'server', state.index) } : undefined),
    [steps, onShowSource, state.index],
  );
  return (
    <section className="si" data-testid="state-inspector" aria-label="State of both endpoints">
      <p className="si-caption">
        {state.index < 0 ? 'Before the first step.' : `After step ${state.index + 1}${step ? `: ${step.title}` : ''}.`}
      </p>
      <div className="si-cols">
        {(['client', 'server'] as const).map((role) => (
          <Endpoint
            key={role}
            ep={state[role]}
            other={state[role === 'client' ? 'server' : 'client']}
            changed={new Set(state.changed[role])}
            packet={step?.kind === 'message' && step.entry.kind === 'packet' && state.index === step.index ? step : undefined}
            rep={rounds ? roundReproductions(rounds[role], state.index) : undefined}
            sources={sources?.[role]}
            onShowSource={onShowSource}
          />
        ))}
      </div>
    </section>
  );
}

const ROLE_TITLE: Record<Party, string> = { client: 'Client', server: 'Server' };

/** The sequence number this endpoint gave the current step's packet, if it sent or read it. */
function packetNumber(ep: EndpointState, m: MessageStep | undefined): string | undefined {
  if (!m?.counters) return undefined;
  const sender: Party = m.flow === 'c2s' ? 'client' : 'server';
  if (m.from === ep.role && sender === ep.role && m.counters.sender !== undefined) return `sent as sequence number ${m.counters.sender}`;
  if (m.to === ep.role && sender !== ep.role && m.counters.receiver !== undefined) return `counted as sequence number ${m.counters.receiver}`;
  return undefined;
}

function Endpoint({
  ep,
  other,
  changed,
  packet,
  rep,
  sources,
  onShowSource,
}: {
  ep: EndpointState;
  other: EndpointState;
  changed: Set<StateSection>;
  packet?: MessageStep;
  rep?: KexReproductions;
  sources?: Record<string, HashInputSource>;
  onShowSource?: ShowSource;
}) {
  const title = ROLE_TITLE[ep.role];
  const thisPacket = packetNumber(ep, packet);
  const counters = (inferred: boolean) => (
    <Section title={inferred ? 'Packets (inferred)' : 'Packets'} refText="RFC 4253 §6.4" changed={changed.has('packets')}>
      <dl className="si-dl">
        {thisPacket && <Item term="this step's packet" value={thisPacket} />}
        <Item term="sequence number, next sent" value={String(ep.seq.send)} />
        <Item term="sequence number, next received" value={String(ep.seq.recv)} />
        <Item term="packets sent / received" value={`${ep.packets.sent} / ${ep.packets.received}`} />
      </dl>
      {inferred && (
        <p className="si-none">
          inferred: read off the packets the {other.role} logged, as if nothing was injected or lost on the way (a real peer&apos;s
          counters cannot be observed)
        </p>
      )}
    </Section>
  );
  if (!ep.present) {
    return (
      <article className={`si-ep si-${ep.role} si-absent`} aria-label={`${title} state`}>
        <h3 className="si-title">
          <span className="si-badge" aria-hidden="true">{ep.role === 'client' ? 'C' : 'S'}</span> {title}
        </h3>
        <p className="si-version">{other.peerVersion ?? ep.version ?? 'version not seen yet'}</p>
        <p className="si-absent-note">
          <strong>real peer, not run by sshscope</strong> — its internal state is unknown; what it sent is in the diagram,
          and the {other.role} side shows what it computed from those messages.
        </p>
        <Section title="Where it is" changed={changed.has('phase')}>
          <dl className="si-dl">
            <Item term="phase (of its lifeline)" value={ep.phase} />
          </dl>
        </Section>
        {counters(true)}
        <Section title="Extensions (inferred)" changed={changed.has('extensions')}>
          <dl className="si-dl">
            <Item term="strict kex" value={ep.strictKex === null ? 'not decided yet' : ep.strictKex ? 'on, as both sides decide alike' : 'off'} />
          </dl>
        </Section>
      </article>
    );
  }
  const k = ep.known;
  const by = ep.role;
  return (
    <article className={`si-ep si-${ep.role}`} aria-label={`${title} state`}>
      <h3 className="si-title">
        <span className="si-badge" aria-hidden="true">{ep.role === 'client' ? 'C' : 'S'}</span> {title}
      </h3>
      {ep.version && <p className="si-version">{ep.version}</p>}

      <Section title="Where it is" changed={changed.has('phase')}>
        <dl className="si-dl">
          <Item term="phase (of its lifeline)" value={ep.phase} />
          <Item term="waiting for" value={ep.waitingFor || '—'} />
          <Item term="key exchanges done" value={String(ep.kexCount)} />
          {ep.closed && (
            <Item
              term="closed"
              value={`${ep.closed.by === 'local' ? 'by this endpoint' : ep.closed.by === 'peer' ? 'by the peer' : 'connection ended'}: ${ep.closed.description} (reason ${ep.closed.reason})`}
            />
          )}
        </dl>
      </Section>

      {counters(false)}

      <Section title="Negotiated algorithms" refText="RFC 4253 §7.1" changed={changed.has('negotiated')}>
        {ep.negotiationFailure ? (
          <>
            <p className="si-item si-bad">
              <span aria-hidden="true">✖ </span>negotiation failed: {ep.negotiationFailure.reason}
            </p>
            <ul className="si-choices">
              {ep.negotiationFailure.choices.map((c) => (
                <ChoiceItem key={c.category} c={c} lists />
              ))}
            </ul>
          </>
        ) : ep.negotiated ? (
          <ul className="si-choices">
            {ep.negotiated.choices.map((c) => (
              <ChoiceItem key={c.category} c={c} />
            ))}
          </ul>
        ) : (
          <p className="si-none">not negotiated yet</p>
        )}
      </Section>

      <Section title="Extensions" refText="RFC 8308; OpenSSH PROTOCOL" changed={changed.has('extensions')}>
        <dl className="si-dl">
          <Item
            term="strict kex"
            value={ep.strictKex === null ? 'not decided yet' : ep.strictKex ? 'on — sequence numbers reset at NEWKEYS' : 'off'}
          />
          <Item term="peer signalled ext-info" value={ep.extInfo.peerAdvertised ? 'yes' : 'no'} />
          {Object.keys(ep.extInfo.extensions).length > 0 && (
            <Item term="extensions received" value={Object.entries(ep.extInfo.extensions).map(([n, v]) => `${n}: ${extValue(v)}`).join('\n')} />
          )}
          <Item term="service requested" value={ep.service.requested ?? '—'} />
          <Item term="service accepted" value={ep.service.accepted ?? '—'} />
        </dl>
      </Section>

      <Section title="Key exchange values" changed={changed.has('kex')}>
        {!k.ephemeral && !k.K && !k.H && !k.sessionId && !k.hostKey ? (
          <p className="si-none">nothing computed yet</p>
        ) : (
          <dl className="si-dl">
            {k.ephemeral && (
              <>
                <Value term={`${k.ephemeral.publicName} (ephemeral public key)`} bytes={k.ephemeral.publicKey} who={by} />
                <Value
                  term="ephemeral private key"
                  bytes={k.ephemeral.privateKey}
                  who={by}
                  note={`kept secret by the ${by}; recorded so the session can be replayed and decrypted`}
                />
              </>
            )}
            {k.hostKey && (
              <Item
                term={`server host key (${k.hostKey.algorithm})`}
                value={`${k.hostKey.fingerprint} — ${k.hostKey.known === null ? 'accepted without a known_hosts check' : k.hostKey.known ? 'matches a known key' : 'NOT a known key'}`}
                bad={k.hostKey.known === false}
              />
            )}
            {k.hostKey?.expected && (
              <Item term="expected (known_hosts)" value={k.hostKey.expected.length ? k.hostKey.expected.join('\n') : 'no key for this server'} />
            )}
            {k.signature && (
              <Item
                term={`signature (${k.signature.algorithm})`}
                value={`${k.signature.action === 'sign' ? 'signed H' : 'verified H'}: ${k.signature.ok ? 'OK' : `FAILED${k.signature.reason ? ` — ${k.signature.reason}` : ''}`}`}
                bad={!k.signature.ok}
                reproduce={rep?.signature}
                who={by}
              />
            )}
            {k.K?.parts?.map((p) => (
              <Value
                key={p.name}
                term={`${p.name} (${p.name === 'K_PQ' ? 'post-quantum' : 'classical'} shared secret)`}
                swatch={p.name === 'K_PQ' ? 'pq' : 'classical'}
                bytes={p.value}
                who={by}
                note={p.formula}
              />
            ))}
            {k.K && (
              <Value
                term={`K (shared secret, as ${k.K.encoding === 'string' ? 'a string' : 'an mpint'})`}
                bytes={k.K.value}
                who={by}
                note={k.K.formula}
                reproduce={rep?.K}
              />
            )}
            {k.K?.encoding === 'string' && <KAsString />}
            {k.H && (
              <>
                <Value term={`H (exchange hash, ${k.H.hash})`} bytes={k.H.value} who={by} note={k.H.formula} reproduce={rep?.H} />
                <HashInputs h={k.H} who={by} sources={sources} onShowSource={onShowSource} />
              </>
            )}
            {k.sessionId && <Value term="session id" bytes={k.sessionId.value} who={by} note={k.sessionId.formula} reproduce={rep?.sessionId} />}
          </dl>
        )}
      </Section>

      <Section title="Derived keys A–F" refText="RFC 4253 §7.2" changed={changed.has('keys')}>
        {Object.keys(k.keys).length === 0 ? (
          <p className="si-none">not derived yet</p>
        ) : (
          <dl className="si-dl">
            {(['A', 'B', 'C', 'D', 'E', 'F'] as const).map((letter) => {
              const key = k.keys[letter];
              if (!key) return null;
              return key.value.length === 0 ? (
                <Item key={letter} term={`${letter}: ${key.purpose}`} value={key.formula} />
              ) : (
                <Value key={letter} term={`${letter}: ${key.purpose}`} bytes={key.value} who={by} note={key.formula} reproduce={rep?.keys[letter]} />
              );
            })}
          </dl>
        )}
      </Section>
    </article>
  );
}

/** Why this K is a string and curve25519's an mpint: the standard's own reasons, each linked; the main one in view. */
function KAsString() {
  const main = K_AS_STRING[K_AS_STRING_MAIN];
  return (
    <div className="si-item si-kwhy" data-testid="k-encoding">
      <dt>why K is a string here, not an mpint</dt>
      <dd>
        <p className="si-reason">
          <ReasonText r={main} />
        </p>
        <details className="si-more si-reasons-more">
          <summary>curve25519&apos;s mpint, side channels, sntrup761</summary>
          <ul className="si-reasons">
            {K_AS_STRING.filter((r) => r !== main).map((r) => (
              <li key={r.ref}>
                <ReasonText r={r} />
              </li>
            ))}
          </ul>
        </details>
      </dd>
    </div>
  );
}

function ReasonText({ r }: { r: Reason }) {
  const refs = refsToLinks(r.ref);
  return (
    <>
      {r.text}{' '}
      {refs.links.map((l) => (
        <a key={l.href} className="si-ref" href={l.href} target="_blank" rel="noopener noreferrer">
          {l.label}
        </a>
      ))}
    </>
  );
}

function extValue(v: unknown): string {
  if (Array.isArray(v)) return v.join(',');
  if (v instanceof Uint8Array) return toHex(v);
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return '?';
  }
}

function Section({ title, refText, changed, children }: { title: string; refText?: string; changed: boolean; children: ReactNode }) {
  const refs = refsToLinks(refText);
  return (
    <section className={`si-sec${changed ? ' si-changed' : ''}`}>
      <h4 className="si-sec-title">
        {title}
        {changed && <span className="si-changed-tag"> ● changed in this step</span>}
        {refs.links.map((l) => (
          <a key={l.href + l.label} className="si-ref" href={l.href} target="_blank" rel="noopener noreferrer">
            {l.label}
          </a>
        ))}
      </h4>
      {children}
    </section>
  );
}

function Item({ term, value, bad, reproduce, who }: { term: string; value: string; bad?: boolean; reproduce?: Reproduction; who?: Party }) {
  return (
    <div className={`si-item${bad ? ' si-bad' : ''}`}>
      <dt>{term}</dt>
      <dd>
        {bad && <span aria-hidden="true">✖ </span>}
        {value}
        {reproduce && <Reproduce rep={reproduce} whose={who} />}
      </dd>
    </div>
  );
}

/** A byte value: its size, the hex (clipped for long values, whole on request) and a copy button. */
/** `swatch`: the colour of the packet part this value comes from (a hybrid's K_PQ and K_CL, as in the hex dump). */
function Value({
  term,
  bytes,
  note,
  who,
  reproduce,
  swatch,
}: {
  term: string;
  bytes: Uint8Array;
  note?: string;
  who: Party;
  reproduce?: Reproduction;
  swatch?: RegionKind;
}) {
  const hex = toHex(bytes);
  const long = hex.length > 96;
  return (
    <div className="si-item">
      <dt>
        {swatch && (
          <span className={`ft-swatch hx-${swatch}`} aria-hidden="true">
            ab
          </span>
        )}{' '}
        {term} <span className="si-size">{bytes.length} bytes</span>
      </dt>
      <dd>
        <div className="si-hexline">
          {long ? (
            <details className="si-more">
              <summary>
                <code className="si-hex">{hex.slice(0, 64)}…</code>
              </summary>
              <code className="si-hex si-hex-all">{hex}</code>
            </details>
          ) : (
            <code className="si-hex">{hex || '(empty)'}</code>
          )}
          {hex && <CopyButton text={hex} label={`Copy ${term} (${who})`} />}
        </div>
        {note && <p className="si-formula">{note}</p>}
        {reproduce && <Reproduce rep={reproduce} whose={who} />}
      </dd>
    </div>
  );
}

type HComputation = NonNullable<EndpointState['known']['H']>;

function HashInputs({
  h,
  who,
  sources,
  onShowSource,
}: {
  h: HComputation;
  who: Party;
  sources?: Record<string, HashInputSource>;
  onShowSource?: ShowSource;
}) {
  const refs = refsToLinks(h.inputs[0]?.ref);
  return (
    <div className="si-item">
      <dt>
        inputs of H, in the order they are hashed{' '}
        {refs.links.map((l) => (
          <a key={l.href} className="si-ref" href={l.href} target="_blank" rel="noopener noreferrer">
            {l.label}
          </a>
        ))}
      </dt>
      <dd>
        <table className="si-inputs">
          <caption className="si-sr">Exchange hash inputs, in the order they are hashed</caption>
          <thead>
            <tr>
              <th scope="col">input</th>
              <th scope="col">value (as hashed)</th>
            </tr>
          </thead>
          <tbody>
            {h.inputs.map((i) => (
              <tr key={i.name}>
                <th scope="row">
                  {i.name}
                  <span className="si-input-meta">
                    {i.type}, {i.bytes.length} B
                  </span>
                  {onShowSource && sources?.[i.name] && (
                    <button
                      type="button"
                      className="si-src"
                      title={`${sources[i.name].what}, step ${sources[i.name].step + 1}`}
                      onClick={() => onShowSource(sources[i.name].step, sources[i.name].field)}
                    >
                      {/* Named "Show I_C in its packet, step 4"; the visible part is the step. */}
                      <span className="sr-only">Show {i.name} in its packet, </span>step {sources[i.name].step + 1}
                    </button>
                  )}
                </th>
                <td>
                  <span className="si-hexline">
                    {/* The value column takes the row's width; hex wraps between 4-byte groups. */}
                    <HexValue bytes={i.bytes} maxBytes={48} className="si-hex" />
                    <CopyButton text={toHex(i.bytes)} label={`Copy ${i.name} as hashed (${who})`} />
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </dd>
    </div>
  );
}

function ChoiceItem({ c, lists }: { c: Choice; lists?: boolean }) {
  const label = CATEGORY[c.category] ?? c.category;
  return (
    <li className={`si-choice${c.chosen === null ? ' si-bad' : ''}`}>
      <span className="si-choice-cat">{label}</span>{' '}
      <code className="si-choice-pick">{c.chosen === null ? '✖ none in common' : c.chosen === '<implicit>' ? '(implicit: AEAD tag)' : c.chosen}</code>
      {lists && c.chosen === null ? (
        <dl className="si-dl si-lists">
          <Item term="client offers" value={c.client.join(', ') || '(nothing)'} />
          <Item term="server offers" value={c.server.join(', ') || '(nothing)'} />
        </dl>
      ) : (
        <>
          <p className="si-why">{c.explanation}</p>
          {c.chosen && c.chosen !== '<implicit>' && (
            <p className="si-rating">
              <RatingBadge category={c.category} name={c.chosen} detail />
            </p>
          )}
          <details className="si-offers">
            <summary>Both offers, rated</summary>
            {(['client', 'server'] as const).map((who) => (
              <div key={who}>
                <p className="si-offers-who">{who} offers</p>
                <ol aria-label={`${label}: ${who} offers, rated`}>
                  {c[who].map((n, i) => (
                    <li key={i}>
                      <code>{n}</code> <RatingBadge category={c.category} name={n} />
                    </li>
                  ))}
                </ol>
              </div>
            ))}
          </details>
        </>
      )}
    </li>
  );
}

const CATEGORY: Record<string, string> = {
  kex: 'key exchange',
  hostKey: 'host key',
  cipherC2S: 'cipher c→s',
  cipherS2C: 'cipher s→c',
  macC2S: 'MAC c→s',
  macS2C: 'MAC s→c',
  compressionC2S: 'compression c→s',
  compressionS2C: 'compression s→c',
};

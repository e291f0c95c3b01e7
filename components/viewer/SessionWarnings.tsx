// Warnings about the recording file itself (for instance: it still carries a private host key,
// so it must not be shared), shown above the session. Plain text: React escapes whatever a
// hostile file put in them.

export function SessionWarnings({ warnings }: { warnings: readonly string[] }) {
  if (warnings.length === 0) return null;
  return (
    <section className="session-warnings" role="status" aria-label="Warnings about this recording">
      <span aria-hidden="true" className="session-warnings-icon">
        ⚠
      </span>
      <ul>
        {warnings.map((w, i) => (
          <li key={i}>{w}</li>
        ))}
      </ul>
    </section>
  );
}

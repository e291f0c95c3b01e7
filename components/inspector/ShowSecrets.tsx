'use client';

// Whether passwords and keyboard-interactive responses are shown. Off by default, held only in
// memory for the session being viewed (never stored), switched by one clearly labelled control.

import { createContext, useContext } from 'react';
import './inspector.css';

export interface ShowSecrets {
  show: boolean;
  setShow: (show: boolean) => void;
}

/** Without a provider (a panel rendered alone) secrets stay masked and the control does nothing. */
export const ShowSecretsContext = createContext<ShowSecrets>({ show: false, setShow: () => {} });

export function useShowSecrets(): ShowSecrets {
  return useContext(ShowSecretsContext);
}

/** The control: a toggle button named "Show passwords", pressed while they are shown. */
export function ShowPasswordsToggle() {
  const { show, setShow } = useShowSecrets();
  return (
    <p className="pi-secrets">
      <button type="button" className="pi-tab" aria-pressed={show} onClick={() => setShow(!show)}>
        Show passwords
      </button>{' '}
      <span className="pi-viewnote">
        {show
          ? 'Passwords and keyboard-interactive responses are shown, in the tree, the bytes and the copy buttons.'
          : 'This packet carries a password or a keyboard-interactive response: masked (••) until you choose to show it.'}
      </span>
    </p>
  );
}

'use client';
// Keeps one panel's crash from blanking the viewer: the panel shows what failed, the rest works.

import { Component, type ReactNode } from 'react';

interface Props {
  name: string;
  children: ReactNode;
  /** Changing this (e.g. the step index) retries the panel. */
  resetKey?: unknown;
  /** What to show instead of the default one-line message. */
  fallback?: (error: Error) => ReactNode;
}

export class PanelBoundary extends Component<Props, { error: Error | null; key: unknown }> {
  override state = { error: null as Error | null, key: this.props.resetKey };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: { error: Error | null; key: unknown }) {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override render() {
    if (this.state.error) {
      if (this.props.fallback) return this.props.fallback(this.state.error);
      return (
        <div className="panel-error" role="alert">
          The {this.props.name} could not show this step: {String(this.state.error.message).slice(0, 300)}
        </div>
      );
    }
    return this.props.children;
  }
}

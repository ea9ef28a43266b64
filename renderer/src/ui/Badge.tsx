import type { ReactNode } from 'react';

export type BadgeTone = 'neutral' | 'good' | 'warn' | 'bad' | 'info' | 'heat' | 'cool';

export function Badge({ tone = 'neutral', children, title }: { tone?: BadgeTone; children: ReactNode; title?: string }) {
  return (
    <span className={`ui-badge ui-badge--${tone}`} title={title}>
      {children}
    </span>
  );
}

export function StatusDot({ tone }: { tone: BadgeTone }) {
  return <span className={`ui-dot ui-dot--${tone}`} aria-hidden="true" />;
}

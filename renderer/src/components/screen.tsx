import type { ReactNode } from 'react';

/** A screen's frame: its heading (the page's h1) and content. */
export function Screen({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">{title}</h1>
        {description && <p className="screen-description">{description}</p>}
      </header>
      {children}
    </section>
  );
}

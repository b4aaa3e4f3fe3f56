import type { ReactNode } from 'react';

/** A screen's frame: its heading (the page's h1), primary actions and content. */
export function Screen({
  title,
  description,
  actions,
  children,
}: {
  title: string;
  description?: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <div>
          <h1 id="screen-title">{title}</h1>
          {description && <p className="screen-description">{description}</p>}
        </div>
        {actions && <div className="screen-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

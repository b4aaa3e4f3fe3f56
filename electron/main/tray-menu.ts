import type { SystemStatus } from '../../shared/operations';

/** What the tray shows: the agent endpoint, the proxy's state and load, and the nearest budget, from getSystemStatus. */
export type TrayStatus = Pick<SystemStatus, 'agentEndpoint' | 'proxy'> & Partial<Pick<SystemStatus, 'nearestBudget'>>;

export type TrayAction = 'open' | 'copyAgentEndpoint' | 'pauseProxy' | 'resumeProxy' | 'quit';

/** One tray menu entry as data; the Electron adapter turns `action` into a click handler. */
export type TrayMenuItem = { type: 'separator' } | { type: 'normal'; label: string; enabled: boolean; action: TrayAction | null };

export function proxyStatusLine(status: TrayStatus): string {
  if (!status.agentEndpoint) return 'Proxy: not listening';
  const perMinute = `${status.proxy.requestsPerMinute} request${status.proxy.requestsPerMinute === 1 ? '' : 's'}/min`;
  return `Proxy: ${status.proxy.state} · ${perMinute}`;
}

const dollars = (micro: number) => `$${(micro / 1_000_000).toFixed(2)}`;

/** "Budget CI monthly: $81.50 of $100.00 (82 %)": the budget closest to its cap. */
export function budgetStatusLine(budget: NonNullable<SystemStatus['nearestBudget']>): string {
  const percent = Math.round(((budget.spentMicroUsd + budget.reservedMicroUsd) / Math.max(1, budget.capMicroUsd)) * 100);
  return `Budget ${budget.name}: ${dollars(budget.spentMicroUsd)} of ${dollars(budget.capMicroUsd)} (${percent} %)`;
}

export function trayTooltip(status: TrayStatus): string {
  return `Switchboard — ${proxyStatusLine(status).replace(/^Proxy: /, 'proxy ')}`;
}

/** The tray menu for a status: status lines first, then Open, Copy agent endpoint, Pause/Resume, Quit. */
export function buildTrayMenu(status: TrayStatus): TrayMenuItem[] {
  const { state } = status.proxy;
  const items: TrayMenuItem[] = [{ type: 'normal', label: proxyStatusLine(status), enabled: false, action: null }];
  if (status.proxy.inFlight > 0) {
    items.push({ type: 'normal', label: `${status.proxy.inFlight} in flight`, enabled: false, action: null });
  }
  if (status.nearestBudget) {
    items.push({ type: 'normal', label: budgetStatusLine(status.nearestBudget), enabled: false, action: null });
  }
  items.push(
    { type: 'separator' },
    { type: 'normal', label: 'Open Switchboard', enabled: true, action: 'open' },
    { type: 'normal', label: 'Copy agent endpoint', enabled: status.agentEndpoint !== null, action: 'copyAgentEndpoint' },
    state === 'paused'
      ? { type: 'normal', label: 'Resume proxy', enabled: true, action: 'resumeProxy' }
      : { type: 'normal', label: 'Pause proxy', enabled: state === 'running', action: 'pauseProxy' },
    { type: 'separator' },
    { type: 'normal', label: 'Quit Switchboard', enabled: true, action: 'quit' },
  );
  return items;
}

/** The Electron menu template for `items`, each action bound to its handler. */
export function toMenuTemplate(
  items: TrayMenuItem[],
  handlers: Record<TrayAction, () => void>,
): Array<{ type: 'separator' } | { type: 'normal'; label: string; enabled: boolean; click?: () => void }> {
  return items.map((item) => {
    if (item.type === 'separator') return { type: 'separator' };
    const action = item.action;
    return { type: 'normal', label: item.label, enabled: item.enabled, ...(action ? { click: handlers[action] } : {}) };
  });
}

import { permissions, type Permission } from '../../../../shared/permissions';

/** An API token's permissions as people choose them: a preset, or each box under "custom". */
export const presetNames = ['read-only', 'provider-admin', 'full', 'custom'] as const;
export type PresetName = (typeof presetNames)[number];

const reads = permissions.filter((p) => /:(List|Get|Export)/.test(p));

/** The permissions each named preset grants; "custom" is whatever boxes are ticked. */
export const presetPermissions: Record<Exclude<PresetName, 'custom'>, readonly Permission[]> = {
  'read-only': reads,
  'provider-admin': [...new Set([...reads, ...permissions.filter((p) => p.startsWith('aiProviders:') || p.startsWith('secrets:'))])],
  full: permissions,
};

export const presetLabels: Record<PresetName, { label: string; description: string }> = {
  'read-only': { label: 'Read-only', description: 'Lists and reads everything, exports usage; changes nothing.' },
  'provider-admin': {
    label: 'Provider admin',
    description: 'Read-only, plus adding, changing, testing and deleting providers and secrets.',
  },
  full: { label: 'Full', description: `All ${permissions.length} permissions, including issuing and revoking tokens.` },
  custom: { label: 'Custom', description: 'Tick each permission yourself.' },
};

/** The preset a set of permissions is exactly, or "custom". */
export function presetOf(chosen: readonly Permission[]): PresetName {
  const set = new Set(chosen);
  for (const name of ['read-only', 'provider-admin', 'full'] as const) {
    const preset = presetPermissions[name];
    if (preset.length === set.size && preset.every((p) => set.has(p))) return name;
  }
  return 'custom';
}

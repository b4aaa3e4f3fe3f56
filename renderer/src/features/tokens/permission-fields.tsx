import { permissions as allPermissions, type Permission } from '../../../../shared/permissions';
import { presetLabels, presetNames, presetPermissions, type PresetName } from './permission-presets';

/** An API token's permissions: a preset by default, the boxes behind "custom". */
export function PermissionFields({
  preset,
  chosen,
  error,
  disabled,
  onPreset,
  onToggle,
}: {
  preset: PresetName;
  chosen: Permission[];
  error?: string;
  /** An issued token's permissions are fixed: shown, not changed. */
  disabled?: boolean;
  onPreset(preset: PresetName): void;
  onToggle(permission: Permission): void;
}) {
  return (
    <>
      <fieldset className="choice-group" disabled={disabled}>
        <legend>Permissions</legend>
        {disabled && <p className="field-hint">Fixed when the token was issued; issue a new token for other permissions.</p>}
        {presetNames.map((name) => (
          <label key={name} className="choice">
            <input type="radio" name="permission-preset" checked={preset === name} onChange={() => onPreset(name)} />
            <span>
              <strong>{presetLabels[name].label}</strong>
              <span className="choice-description">
                {presetLabels[name].description}
                {name !== 'custom' && ` (${presetPermissions[name].length} permissions)`}
              </span>
            </span>
          </label>
        ))}
        {error && <p className="field-error">Permissions: {error}</p>}
      </fieldset>
      {preset === 'custom' && (
        <fieldset className="choice-group permissions-grid" disabled={disabled}>
          <legend>Custom permissions</legend>
          {allPermissions.map((permission) => (
            <label key={permission} className="choice choice-inline">
              <input type="checkbox" checked={chosen.includes(permission)} onChange={() => onToggle(permission)} />
              <code>{permission}</code>
            </label>
          ))}
        </fieldset>
      )}
    </>
  );
}

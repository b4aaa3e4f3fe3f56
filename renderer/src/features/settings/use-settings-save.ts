import { useState } from 'react';
import { saveErrorOf, type FieldErrors } from '../../components/form-errors';

/**
 * What a settings form shows about its last save: errors by field, or one message when the error
 * names no field, and "saved" after a save that went through.
 */
export function useSettingsSave() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  /** Runs one save: clears what the last one showed, then shows this one's outcome. */
  async function save(run: () => Promise<void>): Promise<void> {
    try {
      await run();
      setErrors({});
      setMessage(null);
      setSaved(true);
    } catch (error) {
      const failed = saveErrorOf(error);
      setErrors(failed.fields);
      setMessage(Object.keys(failed.fields).length > 0 ? null : failed.message);
    }
  }

  return { errors, setErrors, message, setMessage, saved, setSaved, save };
}

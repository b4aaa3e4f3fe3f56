import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { invalidInput, validationError } from '../../shared/errors';

describe('one 400 for invalid input', () => {
  it('gives a rule beyond the schema the same answer a failed schema gives', () => {
    const parsed = z.object({ expiresAt: z.string() }).safeParse({ expiresAt: 1 });
    const fromSchema = validationError(parsed.error!.issues);
    const fromRule = invalidInput([{ path: 'expiresAt', message: 'must be in the future' }]);
    expect(fromRule.toBody()).toEqual({
      error: {
        code: 'validation_failed',
        message: 'Invalid input: expiresAt: must be in the future',
        details: [{ path: 'expiresAt', message: 'must be in the future' }],
      },
    });
    expect(fromSchema.toBody().error.message).toMatch(/^Invalid input: expiresAt: /);
    expect(fromSchema.status).toBe(400);
    expect(fromRule.status).toBe(400);
  });
});

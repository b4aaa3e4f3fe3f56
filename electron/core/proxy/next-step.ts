/**
 * Passes a stage's answer to the next step: at once when it is a value (cached lookups answer
 * without a promise, and most requests never wait), or when its promise settles. A step that
 * throws, now or later, goes to `fail`.
 */
export function nextStep<S, T>(
  value: T | Promise<T>,
  state: S,
  step: (state: S, value: T) => void,
  fail: (state: S, error: unknown) => void,
): void {
  if (!(value instanceof Promise)) return step(state, value);
  value.then(
    (settled) => {
      try {
        step(state, settled);
      } catch (error) {
        fail(state, error);
      }
    },
    (error: unknown) => fail(state, error),
  );
}

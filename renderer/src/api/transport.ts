/** Carries one operation call to the core and brings back its output or throws an ApiError. */
export interface Transport {
  readonly kind: 'ipc' | 'http';
  call(name: string, input: unknown): Promise<unknown>;
  /** The URL of a GET operation with its input, where the transport is HTTP. */
  urlOf?(name: string, input: unknown): string | null;
}

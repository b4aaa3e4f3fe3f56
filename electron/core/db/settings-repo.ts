/** Small named values this installation keeps (the remembered port, future settings). */
export interface SettingsRepo {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

import keytar from 'keytar';
import { type SecretVault, VaultUnavailableError } from './secret-vault';

export const keychainService = 'switchboard';

/** The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux). */
export function createKeychainVault(service = keychainService): SecretVault {
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw new VaultUnavailableError(`OS keychain unavailable: ${describe(error)}`);
    }
  };
  return {
    backend: 'keychain',
    description: 'keychain',
    warning: null,
    set: (secretId, value) => guard(() => keytar.setPassword(service, secretId, value)),
    get: (secretId) => guard(() => keytar.getPassword(service, secretId)),
    delete: (secretId) => guard(async () => void (await keytar.deletePassword(service, secretId))),
  };
}

/** True when a Secret Service / keychain answers within `timeoutMs`. */
export async function isKeychainReachable(timeoutMs = 3000): Promise<boolean> {
  const probe = keytar.findCredentials(`${keychainService}-probe`).then(
    () => true,
    () => false,
  );
  const timeout = new Promise<boolean>((resolve) => setTimeout(resolve, timeoutMs, false).unref());
  return Promise.race([probe, timeout]);
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // keytar's messages name the D-Bus failure; keep the first line only.
  return text.split('\n')[0]!.slice(0, 200);
}

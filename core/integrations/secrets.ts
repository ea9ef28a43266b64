/**
 * Where integrations keep secrets (a Hue application key, a Shelly password). The hub passes
 * the store's encrypted SecretStore (core/store/secrets.ts) when it has a data folder; without
 * one, secrets live only in memory.
 */
export interface SecretStore {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  delete(name: string): void;
}

export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();
  get(name: string): string | undefined {
    return this.values.get(name);
  }
  set(name: string, value: string): void {
    this.values.set(name, value);
  }
  delete(name: string): void {
    this.values.delete(name);
  }
}

import type { Device } from '../model';

/**
 * Coalesces device changes per device so a client receives at most one update per
 * device per flush, however fast devices report (DESIGN.md habit 9). A client that
 * cannot keep up simply keeps its newer values pending; nothing queues without bound.
 */
export class ChangeBatcher {
  private pending = new Map<string, Device>();

  add(device: Device): void {
    this.pending.set(device.id, device);
  }

  remove(id: string): void {
    this.pending.delete(id);
  }

  get size(): number {
    return this.pending.size;
  }

  take(): Device[] {
    const devices = [...this.pending.values()];
    this.pending.clear();
    return devices;
  }
}

import { expect, type Page } from '@playwright/test';
import type { Device } from '../../core/model';

export const hubUrl = () => process.env.HOMEROOM_E2E_URL!;
export const hubToken = () => process.env.HOMEROOM_E2E_TOKEN!;
export const mqttUrl = () => process.env.HOMEROOM_E2E_MQTT!;

export interface SimDeviceInfo {
  ieee: string;
  name: string;
  kind: string;
  roomId: string;
}
export const simDevices = (): SimDeviceInfo[] => JSON.parse(process.env.HOMEROOM_E2E_SIM_DEVICES ?? '[]');

export async function api<T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(`${hubUrl()}api/${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${hubToken()}`, 'Content-Type': 'application/json', ...init.headers },
  });
  return { status: response.status, body: (await response.json()) as T };
}

export async function deviceNamed(name: string): Promise<Device> {
  const { body } = await api<Device[]>('devices');
  const device = body.find((d) => d.name === name);
  if (!device) throw new Error(`no device named ${name}`);
  return device;
}

/** Log in as a person would: open the printed login URL. */
export async function openDashboard(page: Page): Promise<void> {
  await page.goto(`${hubUrl()}?token=${encodeURIComponent(hubToken())}`);
  await expect(page.getByRole('heading', { name: 'Homeroom' })).toBeVisible();
}

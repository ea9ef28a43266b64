/**
 * An ICS URL, polled: a conditional GET with the validators of the last good answer (If-None-Match for an ETag,
 * If-Modified-Since for a Last-Modified), so an unchanged calendar costs a 304 and no parsing.
 */
import { cappedFetch, hostOf, statusError, type CappedFetchOptions } from './http';

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export type IcsFetch = { kind: 'not-modified' } | { kind: 'calendar'; text: string; validators: Validators };

export async function fetchIcs(url: string, validators: Validators, options: CappedFetchOptions = {}): Promise<IcsFetch> {
  const headers: Record<string, string> = { accept: 'text/calendar, */*;q=0.5' };
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  const response = await cappedFetch(options)(url, { headers });
  if (response.status === 304) return { kind: 'not-modified' };
  if (!response.ok) throw statusError(response.status, hostOf(url));
  const text = new TextDecoder('utf-8').decode(await response.arrayBuffer());
  const etag = response.headers.get('etag') ?? undefined;
  const lastModified = response.headers.get('last-modified') ?? undefined;
  return { kind: 'calendar', text, validators: { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) } };
}

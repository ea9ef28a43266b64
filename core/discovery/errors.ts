/** Why a discovery action could not be done, in words for people; the API maps codes to HTTP statuses. */
export type DiscoveryErrorCode = 'invalid' | 'not_found' | 'needs_pairing' | 'pairing_failed' | 'unavailable';

export class DiscoveryError extends Error {
  constructor(
    readonly code: DiscoveryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DiscoveryError';
  }
}

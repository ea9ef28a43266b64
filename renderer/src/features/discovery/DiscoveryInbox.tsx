/**
 * The discovery inbox: a header button ("Found 3 new devices") that opens a panel listing what
 * the hub found on the network, with Add / Ignore / Pair, and adding by address.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { CloseIcon } from '../../ui/icons';
import { InboxItem } from './InboxItem';
import { ManualAddForm } from './ManualAddForm';
import { useDiscoveryInbox } from './use-discovery';
import './discovery.css';

export function foundLabel(count: number): string {
  return count === 0 ? 'Add a device' : `Found ${count} new device${count === 1 ? '' : 's'}`;
}

export function DiscoveryInbox() {
  const entries = useDiscoveryInbox();
  const [open, setOpen] = useState(false);
  const label = foundLabel(entries.length);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className="inbox-button" data-new={entries.length > 0 || undefined} aria-label={label}>
        <RadarIcon />
        <span className="inbox-button__label">{label}</span>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="sheet__overlay" />
        <Dialog.Content className="sheet inbox" aria-describedby={undefined}>
          <header className="sheet__head">
            <div className="sheet__titles">
              <Dialog.Title className="sheet__title">New devices on your network</Dialog.Title>
              <p className="sheet__subtitle">
                {entries.length === 0
                  ? 'Nothing new right now. Devices appear here as soon as they announce themselves.'
                  : 'Add the ones you want to control; ignore the rest.'}
              </p>
            </div>
            <Dialog.Close className="icon-button" aria-label="Close the inbox">
              <CloseIcon />
            </Dialog.Close>
          </header>
          {entries.length ? (
            <ul className="inbox__list" aria-label="Found devices">
              {entries.map((entry) => (
                <InboxItem key={entry.id} entry={entry} />
              ))}
            </ul>
          ) : null}
          <ManualAddForm />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function RadarIcon() {
  return (
    <svg
      viewBox="0 0 24 24"
      width="18"
      height="18"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
    >
      <circle cx="12" cy="12" r="1.6" fill="currentColor" stroke="none" />
      <path d="M8.5 8.5a5 5 0 0 0 0 7M15.5 8.5a5 5 0 0 1 0 7M5.6 5.6a9 9 0 0 0 0 12.8M18.4 5.6a9 9 0 0 1 0 12.8" />
    </svg>
  );
}

/**
 * Two small controls the automation and scene pages share: a delete that asks first, and a button that opens a JSON
 * file.
 */
import { useId, useState } from 'react';

/** "Delete" → "Delete “X”…? [Delete] [Keep]": nothing is deleted without the second click. */
export function ConfirmDelete({
  name,
  question = `Delete “${name}”?`,
  onDelete,
  small = false,
}: {
  name: string;
  question?: string;
  onDelete: () => void;
  small?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const button = small ? 'button button--small' : 'button';
  if (!asking)
    return (
      <button type="button" className={button} aria-label={`Delete ${name}`} onClick={() => setAsking(true)}>
        Delete
      </button>
    );
  return (
    <span role="group" aria-label={`Delete ${name}?`} className="automation__confirm">
      <span>{question}</span>
      <button type="button" className={`${button} button--danger`} onClick={onDelete}>
        Delete
      </button>
      <button type="button" className={button} onClick={() => setAsking(false)}>
        Keep
      </button>
    </span>
  );
}

/** A button that opens one JSON file; the same file can be chosen again. */
export function JsonFileButton({
  label,
  onFile,
  small = false,
}: {
  label: string;
  onFile: (file: File) => void;
  small?: boolean;
}) {
  const id = useId();
  return (
    <>
      <label className={small ? 'button button--small' : 'button'} htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="visually-hidden"
        type="file"
        accept="application/json,.json"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
          e.target.value = '';
        }}
      />
    </>
  );
}

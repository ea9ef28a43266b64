import { SearchIcon } from '../../ui/icons';

export function SearchBox({ value, onChange }: { value: string; onChange(value: string): void }) {
  return (
    <label className="search">
      <SearchIcon className="search__icon" />
      <input
        type="search"
        role="searchbox"
        aria-label="Search devices"
        placeholder="Search devices or rooms"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onChange('');
        }}
        autoComplete="off"
        spellCheck={false}
      />
    </label>
  );
}

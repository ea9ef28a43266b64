/**
 * The editor's pieces: pickers (device, capability of that device, room, person, scene), values, durations and
 * weekdays, and one editor per trigger, condition and action type, nested for and/or/not groups, waits and
 * choose branches. Each control is bound to its path in the draft; its problem (from the schema or the hub's 400)
 * is shown under it and linked by aria-describedby. Every control has a name that says which item it belongs to
 * ("Trigger 1 device"), each item is a fieldset with its legend.
 */
import { createContext, useContext, useId, useState, type ReactNode } from 'react';
import {
  CLIMATE_MODES,
  DEVICE_KINDS,
  WEEKDAYS,
  cleanText,
  type Device,
  type Person,
  type Room,
  type Scene,
  type StateField,
} from '../../../../core/model';
import { dayName, fieldLabel, valueWords } from '../../../../core/model/automation-words';
import { deviceName } from '../../store/search';
import { CheckboxField, FieldError, NumberInput, SelectInput, TextInput, TimeInput } from '../../ui/fields';
import {
  ACTION_TYPES,
  CONDITION_TYPES,
  DURATION_UNITS,
  TRIGGER_TYPES,
  commandable,
  fieldKind,
  getIn,
  isObj,
  isWritable,
  joinDuration,
  newAction,
  newCondition,
  newTrigger,
  numberValue,
  pathKey,
  retype,
  splitDuration,
  watchableFields,
  type DurationUnit,
  type Obj,
  type Path,
  type Problems,
} from './editor-draft';

export interface EditorContext {
  draft: unknown;
  problems: Problems;
  set(path: Path, value: unknown): void;
  devices: readonly Device[];
  rooms: readonly Room[];
  people: readonly Person[];
  scenes: readonly Scene[];
}
const Ctx = createContext<EditorContext | null>(null);
export const EditorProvider = Ctx.Provider;
function useEd(): EditorContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('EditorParts outside the editor');
  return ctx;
}

/** The id of a path's control (so the summary can link to it and save can focus it). */
export const controlId = (path: Path) => `ed-${pathKey(path).replace(/[^\w-]/g, '_')}`;

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** A visible label above its control, and the problem at `path` under it. */
function Labelled({
  path,
  label,
  children,
  wide,
}: {
  path: Path;
  label: string;
  wide?: boolean;
  children(props: { id: string; errorId: string | undefined }): ReactNode;
}) {
  const { problems } = useEd();
  const id = controlId(path);
  const key = pathKey(path);
  const error = Object.hasOwn(problems, key) ? problems[key] : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={wide ? 'ed-field ed-field--wide' : 'ed-field'}>
      <label htmlFor={id}>{label}</label>
      {children({ id, errorId })}
      {errorId ? <FieldError id={errorId}>{error}</FieldError> : null}
    </div>
  );
}

/** A problem that belongs to a whole item or group rather than one control ("give exactly one of…"). */
function ItemProblem({ path }: { path: Path }) {
  const { problems } = useEd();
  const key = pathKey(path);
  if (!Object.hasOwn(problems, key)) return null;
  return (
    <p className="form-error ed-item__problem" id={`${controlId(path)}-error`} tabIndex={-1} data-problem>
      {problems[key]}
    </p>
  );
}

// ── basic controls ──────────────────────────────────────────────────────────

function Choice({
  path,
  label,
  name,
  options,
  placeholder,
  onPick,
}: {
  path: Path;
  label: string;
  name: string;
  options: readonly (readonly [string, string])[];
  placeholder?: string;
  onPick?(value: string): void;
}) {
  const { draft, set } = useEd();
  return (
    <Labelled path={path} label={label}>
      {({ id, errorId }) => (
        <SelectInput
          id={id}
          label={name}
          errorId={errorId}
          value={str(getIn(draft, path))}
          options={options}
          {...(placeholder ? { placeholder } : {})}
          onChange={(v) => (onPick ? onPick(v) : set(path, v))}
        />
      )}
    </Labelled>
  );
}

/** A number typed as text; the draft gets the number (or the text, refused by the schema with a message). */
export function NumberBox({
  path,
  label,
  name,
  min,
  max,
  step,
}: {
  path: Path;
  label: string;
  name: string;
  min?: number;
  max?: number;
  step?: number;
}) {
  const { draft, set } = useEd();
  const value = getIn(draft, path);
  const [text, setText] = useState<string | null>(null);
  const shown = text !== null && numberValue(text) === value ? text : value === undefined ? '' : String(value);
  return (
    <Labelled path={path} label={label}>
      {({ id, errorId }) => (
        <NumberInput
          id={id}
          label={name}
          errorId={errorId}
          value={shown}
          min={min}
          max={max}
          step={step}
          onChange={(t) => {
            setText(t);
            set(path, numberValue(t));
          }}
        />
      )}
    </Labelled>
  );
}

export function TextBox({ path, label, name, placeholder }: { path: Path; label: string; name: string; placeholder?: string }) {
  const { draft, set } = useEd();
  return (
    <Labelled path={path} label={label} wide>
      {({ id, errorId }) => (
        <TextInput
          id={id}
          label={name}
          errorId={errorId}
          placeholder={placeholder}
          value={str(getIn(draft, path))}
          onChange={(t) => set(path, t)}
        />
      )}
    </Labelled>
  );
}

function TimeBox({ path, label, name, optional }: { path: Path; label: string; name: string; optional?: boolean }) {
  const { draft, set } = useEd();
  return (
    <Labelled path={path} label={label}>
      {({ id, errorId }) => (
        <TimeInput
          id={id}
          label={name}
          errorId={errorId}
          value={str(getIn(draft, path))}
          onChange={(t) => set(path, t === '' && optional ? undefined : t)}
        />
      )}
    </Labelled>
  );
}

/** A duration as an amount and a unit, stored as ISO 8601 ("PT5M"); empty means none (when optional). */
function DurationBox({ path, label, name }: { path: Path; label: string; name: string }) {
  const { draft, set } = useEd();
  const value = getIn(draft, path);
  const [local, setLocal] = useState<{ amount: string; unit: DurationUnit } | null>(null);
  const shown = local && joinDuration(local.amount, local.unit) === value ? local : splitDuration(value);
  const change = (amount: string, unit: DurationUnit) => {
    setLocal({ amount, unit });
    set(path, joinDuration(amount, unit));
  };
  return (
    <Labelled path={path} label={label}>
      {({ id, errorId }) => (
        <span className="ed-duration">
          <NumberInput id={id} label={name} errorId={errorId} value={shown.amount} onChange={(t) => change(t, shown.unit)} />
          <SelectInput
            label={`${name} unit`}
            value={shown.unit}
            options={DURATION_UNITS}
            onChange={(u) => change(shown.amount, u as DurationUnit)}
          />
        </span>
      )}
    </Labelled>
  );
}

function WeekdaysBox({ path, name, optional }: { path: Path; name: string; optional?: boolean }) {
  const { draft, set, problems } = useEd();
  const raw = getIn(draft, path);
  const days = Array.isArray(raw) ? (raw as string[]) : [];
  const order = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
  const key = pathKey(path);
  const error = Object.hasOwn(problems, key) ? problems[key] : undefined;
  const errorId = `${controlId(path)}-error`;
  return (
    <fieldset className="ed-days" aria-describedby={error ? errorId : undefined}>
      <legend>{optional ? `${name} (none ticked: every day)` : name}</legend>
      {order.map((d, i) => (
        <label key={d} className="ed-day">
          <input
            type="checkbox"
            id={i === 0 ? controlId(path) : undefined}
            aria-invalid={error ? true : undefined}
            checked={days.includes(d)}
            onChange={(e) => {
              const next = WEEKDAYS.filter((w) => (w === d ? e.target.checked : days.includes(w)));
              set(path, next.length === 0 && optional ? undefined : next);
            }}
          />
          <span title={dayName(d)}>{dayName(d).slice(0, 3)}</span>
        </label>
      ))}
      {error ? <FieldError id={errorId}>{error}</FieldError> : null}
    </fieldset>
  );
}

// ── pickers ────────────────────────────────────────────────────────────────

function roomOf(rooms: readonly Room[], d: Device) {
  return rooms.find((r) => r.id === d.roomId)?.name;
}

/** Devices by name, each with its room ("Hall light — Hall"), limited by `filter`. */
export function DevicePicker({
  path,
  name,
  filter = () => true,
  onPick,
}: {
  path: Path;
  name: string;
  filter?(d: Device): boolean;
  onPick?(device: Device): void;
}) {
  const { devices, rooms, set } = useEd();
  const options = devices
    .filter(filter)
    .map((d): [string, string] => {
      const room = roomOf(rooms, d);
      return [d.id, room ? `${deviceName(d)} — ${cleanText(room, 100)}` : deviceName(d)];
    })
    .sort((a, b) => a[1].localeCompare(b[1]));
  return (
    <Choice
      path={path}
      label="Device"
      name={name}
      options={options}
      placeholder="Choose a device…"
      onPick={(id) => {
        const d = devices.find((x) => x.id === id);
        if (d && onPick) onPick(d);
        else set(path, id);
      }}
    />
  );
}

function RoomPicker({ path, name, optional }: { path: Path; name: string; optional?: string }) {
  const { rooms, set } = useEd();
  const options: [string, string][] = rooms.map((r) => [r.id, cleanText(r.name, 100)]);
  if (optional) options.unshift(['*', optional]);
  return (
    <Choice
      path={path}
      label="Room"
      name={name}
      options={options}
      placeholder={optional ?? 'Choose a room…'}
      onPick={(v) => set(path, v === '*' ? undefined : v)}
    />
  );
}

function PersonPicker({ path, name }: { path: Path; name: string }) {
  const { people, set } = useEd();
  const options: [string, string][] = [['*', 'Anyone'], ...people.map((p): [string, string] => [p.id, cleanText(p.name, 100)])];
  return (
    <Choice
      path={path}
      label="Person"
      name={name}
      options={options}
      placeholder="Anyone"
      onPick={(v) => set(path, v === '*' ? undefined : v)}
    />
  );
}

/** What to watch on the chosen device: only what that device has. */
function CapabilityPicker({
  path,
  device,
  name,
  numeric,
}: {
  path: Path;
  device: Device | undefined;
  name: string;
  numeric?: boolean;
}) {
  const fields = watchableFields(device, numeric);
  return (
    <Choice
      path={path}
      label={numeric ? 'Reading' : 'What'}
      name={name}
      options={fields.map((f): [string, string] => [f, fieldLabel(f)])}
      placeholder={device ? 'Choose…' : 'Choose a device first'}
    />
  );
}

/** A value of a watched field: a choice for on/off fields, a number or a text otherwise; optionally "any". */
function ValueBox({ path, field, label, name, any }: { path: Path; field: string; label: string; name: string; any?: string }) {
  const { draft, set } = useEd();
  const kind = fieldKind(field);
  const value = getIn(draft, path);
  if (kind === 'boolean') {
    const options: [string, string][] = [
      ['true', valueWords(field as StateField, true)],
      ['false', valueWords(field as StateField, false)],
    ];
    if (any) options.unshift(['*', any]);
    return (
      <Labelled path={path} label={label}>
        {({ id, errorId }) => (
          <SelectInput
            id={id}
            label={name}
            errorId={errorId}
            value={value === true ? 'true' : value === false ? 'false' : any ? '*' : ''}
            options={options}
            placeholder="Choose…"
            onChange={(v) => set(path, v === '*' ? undefined : v === 'true')}
          />
        )}
      </Labelled>
    );
  }
  if (kind === 'number') return <NumberBox path={path} label={label} name={name} />;
  return <TextBox path={path} label={label} name={name} placeholder={any} />;
}

// ── lists of items ─────────────────────────────────────────────────────────

type Kind = 'trigger' | 'condition' | 'action';
const KIND_TYPES = { trigger: TRIGGER_TYPES, condition: CONDITION_TYPES, action: ACTION_TYPES };
const KIND_NEW = { trigger: newTrigger, condition: newCondition, action: newAction };
const KIND_WORD = { trigger: 'Trigger', condition: 'Condition', action: 'Action' };

/** A list of triggers, conditions or actions: each a fieldset with its kind, move and remove; and "Add". */
export function ItemList({ path, kind, prefix, empty }: { path: Path; kind: Kind; prefix: string; empty: string }) {
  const { draft, set } = useEd();
  const raw = getIn(draft, path);
  const items = Array.isArray(raw) ? raw : [];
  const [adding, setAdding] = useState<string>(KIND_TYPES[kind][0][0]);
  const addId = useId();
  const word = KIND_WORD[kind];
  const move = (i: number, by: number) => {
    const next = [...items];
    const [item] = next.splice(i, 1);
    next.splice(i + by, 0, item);
    set(path, next);
  };
  return (
    <div className="ed-list">
      {items.length === 0 ? <p className="ed-list__empty">{empty}</p> : null}
      {items.map((item, i) => {
        const itemPath = [...path, i];
        const label = `${prefix}${word} ${i + 1}`;
        const type = isObj(item) ? str(item.type) : '';
        return (
          <fieldset key={i} className="ed-item" data-kind={kind}>
            <legend className="ed-item__legend">{label}</legend>
            <div className="ed-item__bar">
              <Choice
                path={[...itemPath, 'type']}
                label="Kind"
                name={`${label} kind`}
                options={KIND_TYPES[kind]}
                onPick={(t) => set(itemPath, retype(item, KIND_NEW[kind](t)))}
              />
              <span className="ed-item__moves">
                <button
                  type="button"
                  className="button button--small"
                  aria-label={`Move ${label} up`}
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="button button--small"
                  aria-label={`Move ${label} down`}
                  disabled={i === items.length - 1}
                  onClick={() => move(i, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="button button--small"
                  aria-label={`Remove ${label}`}
                  onClick={() => {
                    set(
                      path,
                      items.filter((_, j) => j !== i),
                    );
                    // The button goes with its item: the focus goes to the list's "add" choice, not to the page.
                    requestAnimationFrame(() => document.getElementById(addId)?.focus());
                  }}
                >
                  Remove
                </button>
              </span>
            </div>
            <ItemProblem path={itemPath} />
            {kind === 'trigger' ? (
              <TriggerFields path={itemPath} name={label} type={type} />
            ) : kind === 'condition' ? (
              <ConditionFields path={itemPath} name={label} type={type} />
            ) : (
              <ActionFields path={itemPath} name={label} type={type} />
            )}
          </fieldset>
        );
      })}
      <ItemProblem path={path} />
      <div className="ed-list__add">
        <SelectInput
          id={addId}
          label={`Kind of ${prefix}${word.toLowerCase()} to add`}
          value={adding}
          options={KIND_TYPES[kind]}
          onChange={setAdding}
        />
        <button
          type="button"
          className="button button--small"
          aria-label={prefix ? `Add ${prefix}${word.toLowerCase()}` : undefined}
          onClick={() => set(path, [...items, KIND_NEW[kind](adding)])}
        >
          {`Add ${word.toLowerCase()}`}
        </button>
      </div>
    </div>
  );
}

// ── triggers ───────────────────────────────────────────────────────────────

function useDevice(path: Path): Device | undefined {
  const { draft, devices } = useEd();
  const id = getIn(draft, [...path, 'device']);
  return devices.find((d) => d.id === id);
}

/** Choosing a device keeps the capability only if the device has it; else its first one, and values reset. */
function pickWatched(ed: EditorContext, path: Path, device: Device, numeric: boolean, valueKeys: string[]) {
  const item = getIn(ed.draft, path);
  const obj: Obj = isObj(item) ? { ...item } : {};
  const fields = watchableFields(device, numeric);
  const keep = typeof obj.capability === 'string' && (fields as string[]).includes(obj.capability);
  obj.device = device.id;
  if (!keep) {
    obj.capability = fields.includes('motion') ? 'motion' : (fields[0] ?? '');
    for (const k of valueKeys) delete obj[k];
    if (!numeric && fieldKind(String(obj.capability)) === 'boolean') obj[valueKeys.at(-1)!] = true;
  }
  ed.set(path, obj);
}

export function TriggerFields({ path, name, type }: { path: Path; name: string; type: string }) {
  const ed = useEd();
  const device = useDevice(path);
  const capability = str(getIn(ed.draft, [...path, 'capability']));
  const held = <DurationBox path={[...path, 'for']} label="For at least (optional)" name={`${name} held for`} />;
  switch (type) {
    case 'state':
      return (
        <div className="ed-row">
          <DevicePicker
            path={[...path, 'device']}
            name={`${name} device`}
            filter={(d) => watchableFields(d).length > 0}
            onPick={(d) => pickWatched(ed, path, d, false, ['from', 'to'])}
          />
          <CapabilityPicker path={[...path, 'capability']} device={device} name={`${name} capability`} />
          {capability ? (
            <>
              <ValueBox path={[...path, 'from']} field={capability} label="From" name={`${name} from`} any="anything" />
              <ValueBox path={[...path, 'to']} field={capability} label="Becomes" name={`${name} becomes`} any="anything" />
            </>
          ) : null}
          {held}
        </div>
      );
    case 'numeric':
      return (
        <div className="ed-row">
          <DevicePicker
            path={[...path, 'device']}
            name={`${name} device`}
            filter={(d) => watchableFields(d, true).length > 0}
            onPick={(d) => pickWatched(ed, path, d, true, [])}
          />
          <CapabilityPicker path={[...path, 'capability']} device={device} name={`${name} reading`} numeric />
          <NumberBox path={[...path, 'above']} label="Rises above" name={`${name} above`} />
          <NumberBox path={[...path, 'below']} label="Drops below" name={`${name} below`} />
          {held}
        </div>
      );
    case 'time':
      return (
        <div className="ed-row">
          <TimeBox path={[...path, 'at']} label="At" name={`${name} time`} />
          <WeekdaysBox path={[...path, 'weekdays']} name={`${name} days`} optional />
        </div>
      );
    case 'cron':
      return (
        <div className="ed-row">
          <TextBox path={[...path, 'cron']} label="Cron expression" name={`${name} cron`} placeholder="0 7 * * 1-5" />
        </div>
      );
    case 'sun':
      return (
        <div className="ed-row">
          <Choice
            path={[...path, 'event']}
            label="When the sun"
            name={`${name} sun event`}
            options={[
              ['sunset', 'sets'],
              ['sunrise', 'rises'],
            ]}
          />
          <DurationBox path={[...path, 'offset']} label="Offset (minus: before)" name={`${name} offset`} />
        </div>
      );
    case 'room':
      return (
        <div className="ed-row">
          <RoomPicker path={[...path, 'room']} name={`${name} room`} />
          <Choice
            path={[...path, 'to']}
            label="Becomes"
            name={`${name} becomes`}
            options={[
              ['occupied', 'occupied'],
              ['vacant', 'vacant'],
            ]}
          />
          {held}
        </div>
      );
    case 'person':
      return (
        <div className="ed-row">
          <PersonPicker path={[...path, 'person']} name={`${name} person`} />
          <Choice
            path={[...path, 'event']}
            label="Does"
            name={`${name} arrives or leaves`}
            options={[
              ['arrives', 'arrives'],
              ['leaves', 'leaves'],
            ]}
          />
          <RoomPicker path={[...path, 'room']} name={`${name} room`} optional="Home (any room)" />
        </div>
      );
    case 'availability':
      return (
        <div className="ed-row">
          <DevicePicker path={[...path, 'device']} name={`${name} device`} />
          <Choice
            path={[...path, 'to']}
            label="Goes"
            name={`${name} goes`}
            options={[
              ['offline', 'offline'],
              ['online', 'online'],
            ]}
          />
          {held}
        </div>
      );
    case 'event':
      return (
        <div className="ed-row">
          <DevicePicker path={[...path, 'device']} name={`${name} device`} />
          <TextBox
            path={[...path, 'event']}
            label="Event (optional)"
            name={`${name} event`}
            placeholder="single, double, hold…"
          />
        </div>
      );
    default:
      return <p className="ed-note">Runs when the hub starts (after a restart or an update).</p>;
  }
}

// ── conditions ─────────────────────────────────────────────────────────────

export function ConditionFields({ path, name, type }: { path: Path; name: string; type: string }) {
  const ed = useEd();
  const device = useDevice(path);
  const capability = str(getIn(ed.draft, [...path, 'capability']));
  switch (type) {
    case 'state':
      return (
        <div className="ed-row">
          <DevicePicker
            path={[...path, 'device']}
            name={`${name} device`}
            filter={(d) => watchableFields(d).length > 0}
            onPick={(d) => pickWatched(ed, path, d, false, ['is'])}
          />
          <CapabilityPicker path={[...path, 'capability']} device={device} name={`${name} capability`} />
          {capability ? <ValueBox path={[...path, 'is']} field={capability} label="Is" name={`${name} is`} /> : null}
        </div>
      );
    case 'numeric':
      return (
        <div className="ed-row">
          <DevicePicker
            path={[...path, 'device']}
            name={`${name} device`}
            filter={(d) => watchableFields(d, true).length > 0}
            onPick={(d) => pickWatched(ed, path, d, true, [])}
          />
          <CapabilityPicker path={[...path, 'capability']} device={device} name={`${name} reading`} numeric />
          <NumberBox path={[...path, 'above']} label="Above" name={`${name} above`} />
          <NumberBox path={[...path, 'below']} label="Below" name={`${name} below`} />
        </div>
      );
    case 'time':
      return (
        <div className="ed-row">
          <TimeBox path={[...path, 'after']} label="After" name={`${name} after`} optional />
          <TimeBox path={[...path, 'before']} label="Before" name={`${name} before`} optional />
          <WeekdaysBox path={[...path, 'weekdays']} name={`${name} days`} optional />
          <p className="ed-note">A window whose “after” is later than its “before” crosses midnight.</p>
        </div>
      );
    case 'weekday':
      return (
        <div className="ed-row">
          <WeekdaysBox path={[...path, 'weekdays']} name={`${name} days`} />
        </div>
      );
    case 'sun': {
      const sunOptions = [
        ['*', 'no limit'],
        ['sunset', 'sunset'],
        ['sunrise', 'sunrise'],
      ] as const;
      const sunChoice = (key: 'after' | 'before', label: string) => (
        <Choice
          path={[...path, key]}
          label={label}
          name={`${name} ${key}`}
          options={sunOptions}
          onPick={(v) => ed.set([...path, key], v === '*' ? undefined : v)}
          placeholder="no limit"
        />
      );
      return (
        <div className="ed-row">
          {sunChoice('after', 'After')}
          <DurationBox path={[...path, 'afterOffset']} label="Offset" name={`${name} after offset`} />
          {sunChoice('before', 'Before')}
          <DurationBox path={[...path, 'beforeOffset']} label="Offset" name={`${name} before offset`} />
        </div>
      );
    }
    case 'room':
      return (
        <div className="ed-row">
          <RoomPicker path={[...path, 'room']} name={`${name} room`} />
          <Choice
            path={[...path, 'is']}
            label="Is"
            name={`${name} is`}
            options={[
              ['occupied', 'occupied'],
              ['vacant', 'vacant'],
            ]}
          />
        </div>
      );
    case 'person':
      return (
        <div className="ed-row">
          <PersonPicker path={[...path, 'person']} name={`${name} person`} />
          <Labelled path={[...path, 'present']} label="Is">
            {({ id, errorId }) => (
              <SelectInput
                id={id}
                label={`${name} present`}
                errorId={errorId}
                value={getIn(ed.draft, [...path, 'present']) === false ? 'no' : 'yes'}
                options={[
                  ['yes', 'there'],
                  ['no', 'not there'],
                ]}
                onChange={(v) => ed.set([...path, 'present'], v === 'yes')}
              />
            )}
          </Labelled>
          <RoomPicker path={[...path, 'room']} name={`${name} room`} optional="Home (any room)" />
        </div>
      );
    case 'and':
    case 'or':
    case 'not':
      return (
        <div className="ed-group">
          <ItemList
            path={[...path, 'conditions']}
            kind="condition"
            prefix={`${name} `}
            empty={`No conditions in this group yet (${type === 'and' ? 'all' : type === 'or' ? 'any' : 'none'} of them must hold).`}
          />
        </div>
      );
    default:
      return null;
  }
}

// ── actions ────────────────────────────────────────────────────────────────

type Target = 'device' | 'room' | 'scene';
const targetOf = (a: unknown): Target =>
  isObj(a) && a.scene !== undefined ? 'scene' : isObj(a) && a.room !== undefined ? 'room' : 'device';

const POWER_OPTIONS = [
  ['*', 'leave as it is'],
  ['on', 'on'],
  ['off', 'off'],
] as const;

/** What a command sets: the fields the chosen device can take (for a room, the common ones). */
export function CommandFields({
  path,
  name,
  device,
  room,
}: {
  path: Path;
  name: string;
  device: Device | undefined;
  room: boolean;
}) {
  const ed = useEd();
  const can = (cap: string) => room || (device !== undefined && isWritable(device, cap));
  const c = [...path, 'command'];
  const power = getIn(ed.draft, [...c, 'power']);
  if (!room && !device) return null;
  const off = power === false;
  return (
    <>
      {can('power') ? (
        <Labelled path={[...c, 'power']} label="Power">
          {({ id, errorId }) => (
            <SelectInput
              id={id}
              label={`${name} power`}
              errorId={errorId}
              value={power === true ? 'on' : power === false ? 'off' : '*'}
              options={POWER_OPTIONS}
              onChange={(v) => ed.set([...c, 'power'], v === '*' ? undefined : v === 'on')}
            />
          )}
        </Labelled>
      ) : null}
      {can('brightness') && !off ? (
        <NumberBox path={[...c, 'brightness']} label="Brightness (%)" name={`${name} brightness`} min={0} max={100} />
      ) : null}
      {can('colorTemperature') && !off ? (
        <NumberBox
          path={[...c, 'colorTemperature']}
          label="Colour temperature (K)"
          name={`${name} colour temperature`}
          min={1000}
          max={12000}
          step={100}
        />
      ) : null}
      {can('climate') ? (
        <>
          <NumberBox
            path={[...c, 'climate', 'targetTemperature']}
            label="Target (°C)"
            name={`${name} target temperature`}
            step={0.5}
          />
          <Labelled path={[...c, 'climate', 'mode']} label="Heating mode">
            {({ id, errorId }) => (
              <SelectInput
                id={id}
                label={`${name} heating mode`}
                errorId={errorId}
                value={str(getIn(ed.draft, [...c, 'climate', 'mode'])) || '*'}
                options={[['*', 'leave as it is'], ...CLIMATE_MODES.map((m): [string, string] => [m, m])]}
                onChange={(v) => ed.set([...c, 'climate', 'mode'], v === '*' ? undefined : v)}
              />
            )}
          </Labelled>
        </>
      ) : null}
      {!room && can('media') ? (
        <>
          <Labelled path={[...c, 'media', 'action']} label="Playback">
            {({ id, errorId }) => (
              <SelectInput
                id={id}
                label={`${name} playback`}
                errorId={errorId}
                value={str(getIn(ed.draft, [...c, 'media', 'action'])) || '*'}
                options={[
                  ['*', 'leave as it is'],
                  ['play', 'play'],
                  ['pause', 'pause'],
                  ['stop', 'stop'],
                  ['next', 'next track'],
                  ['previous', 'previous track'],
                ]}
                onChange={(v) => ed.set([...c, 'media', 'action'], v === '*' ? undefined : v)}
              />
            )}
          </Labelled>
          <NumberBox path={[...c, 'media', 'volume']} label="Volume (%)" name={`${name} volume`} min={0} max={100} />
        </>
      ) : null}
      <ItemProblem path={c} />
      {['climate', 'media'].map((k) => (
        <ItemProblem key={k} path={[...c, k]} />
      ))}
    </>
  );
}

export function ActionFields({ path, name, type }: { path: Path; name: string; type: string }) {
  const ed = useEd();
  const item = getIn(ed.draft, path);
  const device = useDevice(path);
  switch (type) {
    case 'command': {
      const target = targetOf(item);
      const retarget = (t: Target) => {
        const old = isObj(item) ? item : {};
        const command = isObj(old.command) ? old.command : { power: true };
        ed.set(
          path,
          t === 'scene'
            ? { type: 'command', scene: '' }
            : t === 'room'
              ? { type: 'command', room: '', kind: 'light', command }
              : { type: 'command', device: '', command },
        );
      };
      return (
        <div className="ed-row">
          <Labelled path={[...path, 'target']} label="Set">
            {({ id }) => (
              <SelectInput
                id={id}
                label={`${name} sets`}
                value={target}
                options={[
                  ['device', 'a device'],
                  ['room', 'a room'],
                  ['scene', 'a scene'],
                ]}
                onChange={(v) => retarget(v as Target)}
              />
            )}
          </Labelled>
          {target === 'device' ? (
            <>
              <DevicePicker
                path={[...path, 'device']}
                name={`${name} device`}
                filter={commandable}
                onPick={(d) => {
                  // Keep only what the new device can take; a light gets "on" when nothing is left.
                  const old = isObj(item) && isObj(item.command) ? item.command : {};
                  const kept = Object.fromEntries(Object.entries(old).filter(([k]) => isWritable(d, k)));
                  const command = Object.keys(kept).length > 0 ? kept : isWritable(d, 'power') ? { power: true } : {};
                  ed.set(path, { ...(isObj(item) ? item : {}), device: d.id, command });
                }}
              />
              <CommandFields path={path} name={name} device={device} room={false} />
            </>
          ) : target === 'room' ? (
            <>
              <RoomPicker path={[...path, 'room']} name={`${name} room`} />
              <Choice
                path={[...path, 'kind']}
                label="Which devices"
                name={`${name} which devices`}
                options={[['*', 'everything'], ...DEVICE_KINDS.map((k): [string, string] => [k, `${k}s`])]}
                onPick={(v) => ed.set([...path, 'kind'], v === '*' ? undefined : v)}
                placeholder="everything"
              />
              <CommandFields path={path} name={name} device={undefined} room />
            </>
          ) : (
            <Choice
              path={[...path, 'scene']}
              label="Scene"
              name={`${name} scene`}
              options={ed.scenes.map((s): [string, string] => [s.id, cleanText(s.name, 100)])}
              placeholder={ed.scenes.length ? 'Choose a scene…' : 'No scenes yet'}
            />
          )}
          <NumberBox path={[...path, 'transitionS']} label="Fade over (s, optional)" name={`${name} transition`} min={0} />
        </div>
      );
    }
    case 'delay':
      return (
        <div className="ed-row">
          <DurationBox path={[...path, 'for']} label="For" name={`${name} wait for`} />
        </div>
      );
    case 'wait': {
      const triggerPath = [...path, 'trigger'];
      const t = getIn(ed.draft, triggerPath);
      const tType = isObj(t) ? str(t.type) : 'state';
      const tName = `${name} waits for`;
      return (
        <div className="ed-group">
          <fieldset className="ed-item ed-item--inner">
            <legend className="ed-item__legend">Until</legend>
            <Choice
              path={[...triggerPath, 'type']}
              label="Kind"
              name={`${tName} kind`}
              options={TRIGGER_TYPES}
              onPick={(v) => ed.set(triggerPath, retype(t, newTrigger(v)))}
            />
            <ItemProblem path={triggerPath} />
            <TriggerFields path={triggerPath} name={tName} type={tType} />
          </fieldset>
          <div className="ed-row">
            <DurationBox path={[...path, 'timeout']} label="Give up after (optional)" name={`${name} timeout`} />
            <CheckboxField
              label="After giving up, go on (else stop the run)"
              checked={getIn(ed.draft, [...path, 'continueOnTimeout']) !== false}
              onChange={(v) => ed.set([...path, 'continueOnTimeout'], v)}
            />
          </div>
        </div>
      );
    }
    case 'choose': {
      const raw = getIn(ed.draft, [...path, 'when']);
      const branches = Array.isArray(raw) ? raw : [];
      const otherwise = getIn(ed.draft, [...path, 'otherwise']);
      return (
        <div className="ed-group">
          {branches.map((_, i) => {
            const bName = `${name} option ${i + 1}`;
            return (
              <fieldset key={i} className="ed-item ed-item--inner">
                <legend className="ed-item__legend">{i === 0 ? `Option ${i + 1}: if` : `Option ${i + 1}: else if`}</legend>
                <ItemList
                  path={[...path, 'when', i, 'conditions']}
                  kind="condition"
                  prefix={`${bName} `}
                  empty="No conditions: this option always matches."
                />
                <p className="ed-note">then</p>
                <ItemList path={[...path, 'when', i, 'actions']} kind="action" prefix={`${bName} `} empty="Add what to do." />
                <button
                  type="button"
                  className="button button--small"
                  aria-label={`Remove ${bName}`}
                  disabled={branches.length <= 1}
                  onClick={() =>
                    ed.set(
                      [...path, 'when'],
                      branches.filter((__, j) => j !== i),
                    )
                  }
                >
                  Remove option
                </button>
              </fieldset>
            );
          })}
          <ItemProblem path={[...path, 'when']} />
          <div className="ed-list__add">
            <button
              type="button"
              className="button button--small"
              onClick={() => ed.set([...path, 'when'], [...branches, { conditions: [], actions: [] }])}
            >
              {`Add ${name.toLowerCase()} option (else if)`}
            </button>
          </div>
          <CheckboxField
            label="Otherwise (when no option matches), do something else"
            checked={Array.isArray(otherwise)}
            onChange={(v) => ed.set([...path, 'otherwise'], v ? [] : undefined)}
          />
          {Array.isArray(otherwise) ? (
            <fieldset className="ed-item ed-item--inner">
              <legend className="ed-item__legend">Otherwise</legend>
              <ItemList path={[...path, 'otherwise']} kind="action" prefix={`${name} otherwise `} empty="Add what to do." />
            </fieldset>
          ) : null}
        </div>
      );
    }
    case 'notify':
      return (
        <div className="ed-row">
          <TextBox path={[...path, 'title']} label="Title (optional)" name={`${name} title`} />
          <TextBox
            path={[...path, 'text']}
            label="Message"
            name={`${name} message`}
            placeholder="{{trigger.device}} in {{trigger.room}} …"
          />
          <p className="ed-note">
            {
              '{{trigger.device}}, {{trigger.room}}, {{trigger.person}}, {{trigger.value}} and {{automation}} are replaced by names.'
            }
          </p>
        </div>
      );
    case 'stop':
      return (
        <div className="ed-row">
          <TextBox path={[...path, 'reason']} label="Reason (optional)" name={`${name} reason`} />
        </div>
      );
    default:
      return null;
  }
}

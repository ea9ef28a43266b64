/**
 * The room board at the door (`/board` every meeting room, `/board/:roomId` one): free / booked soon / in use /
 * released, the current meeting's title (or "Private"), its time left, the next bookings and the temperature. Made
 * to be read from three metres on a wall tablet (800×1280 portrait, 1280×800 landscape): large type, high
 * contrast, its own dark palette whatever the app's theme, no controls. Read data only (`listBoards` and the
 * `meetingState` event), so a board-only sign-in shows it.
 */
import type { Booking } from '../../../../core/model/booking';
import type { BoardRoom, BoardState } from '../../../../core/model/meeting';
import { useClock, useHub, useUnits } from '../../store/context';
import { formatTemperature } from '../../units/temperature';
import { useBoards, useNow } from './use-boards';
import './board.css';

const STATE_WORDS: Record<BoardState, string> = {
  free: 'Free',
  'booked-soon': 'Booked soon',
  'in-use': 'In use',
  'in-use-unbooked': 'In use (unbooked)',
  released: 'Released',
};

const MIN = 60_000;

/** "25 min", "1 h 10 min". */
export function duration(ms: number): string {
  const minutes = Math.max(0, Math.ceil(ms / MIN));
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** The line under the state: time left, when it starts, until when it is free. */
export function boardLine(board: BoardRoom, now: number, time: (at: number) => string): string {
  const current = board.current;
  const next = board.freeUntil ? Date.parse(board.freeUntil) : null;
  // A booking tomorrow leaves the room free for the rest of today.
  const until = next !== null && new Date(next).toDateString() === new Date(now).toDateString() ? next : null;
  const freeText = until !== null ? `Free until ${time(until)}` : 'Free for the rest of the day';
  switch (board.state) {
    case 'in-use':
      return current ? `Until ${time(Date.parse(current.end))} · ${duration(Date.parse(current.end) - now)} left` : '';
    case 'booked-soon': {
      if (!current) return '';
      const start = Date.parse(current.start);
      return start > now
        ? `Starts at ${time(start)} · in ${duration(start - now)}`
        : `Started at ${time(start)} · waiting for check\u2011in`;
    }
    case 'released':
      return `Nobody came · ${freeText.toLowerCase()}`;
    case 'in-use-unbooked':
      return until !== null ? `Not booked · next booking at ${time(until)}` : 'Not booked';
    case 'free':
      return freeText;
  }
}

function Next({ next, time }: { next: Booking[]; time: (at: number) => string }) {
  if (next.length === 0) return <p className="board__none">Nothing else booked today</p>;
  return (
    <ol className="board__next" aria-label="Next bookings">
      {next.map((b) => (
        <li key={`${b.uid}-${b.occurrence}`}>
          <span className="board__next-time">
            {time(Date.parse(b.start))}–{time(Date.parse(b.end))}
          </span>
          <span className="board__next-title">{b.title}</span>
        </li>
      ))}
    </ol>
  );
}

export function RoomBoard({ board, now, compact = false }: { board: BoardRoom; now: number; compact?: boolean }) {
  const clock = useClock();
  const units = useUnits();
  const titleId = `board-${board.roomId}`;
  const today = new Date(now).toDateString();
  const next = board.next.filter((b) => new Date(Date.parse(b.start)).toDateString() === today);
  return (
    <section
      className={`board__room board__room--${board.state}${compact ? ' board__room--compact' : ''}`}
      aria-labelledby={titleId}
    >
      <header className="board__head">
        <h2 id={titleId} className="board__name">
          {board.name}
        </h2>
        <span className="board__temp" aria-label="Temperature">
          {board.temperatureC === null ? '' : formatTemperature(board.temperatureC, units)}
        </span>
      </header>
      <p className="board__state" data-testid="board-state">
        {STATE_WORDS[board.state]}
      </p>
      {board.current && board.state !== 'in-use-unbooked' ? <p className="board__title">{board.current.title}</p> : null}
      <p className="board__line">{boardLine(board, now, clock.time)}</p>
      <h3 className="board__next-head">Next</h3>
      <Next next={next.slice(0, compact ? 2 : 3)} time={clock.time} />
    </section>
  );
}

export function BoardPage({ roomId }: { roomId?: string }) {
  const load = useBoards();
  const now = useNow();
  const connection = useHub((s) => s.connection);
  const clock = useClock();
  let body: React.ReactNode;
  if (load === null) body = <p className="board__message">Loading…</p>;
  else if ('error' in load)
    body = (
      <p className="board__message" role="alert">
        The board could not be loaded: {load.error}
      </p>
    );
  else {
    const boards = roomId ? load.boards.filter((b) => b.roomId === roomId) : load.boards;
    if (boards.length === 0)
      body = <p className="board__message">{roomId ? `No meeting room “${roomId}”.` : 'No meeting rooms yet.'}</p>;
    else
      body = (
        <div className={`board__grid board__grid--${Math.min(boards.length, 4)}`}>
          {boards.map((b) => (
            <RoomBoard key={b.roomId} board={b} now={now} compact={boards.length > 1} />
          ))}
        </div>
      );
  }
  return (
    <main className="board" aria-label={roomId ? 'Room board' : 'Meeting room boards'}>
      {body}
      <footer className="board__foot">
        <time dateTime={new Date(now).toISOString()}>{clock.time(now)}</time>
        {connection.state !== 'connected' ? <span role="status"> · Reconnecting to the hub…</span> : null}
      </footer>
    </main>
  );
}

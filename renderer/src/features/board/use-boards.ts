/**
 * The meeting rooms' boards, pushed live: read once (`listBoards`), then replaced room by room by `meetingState`,
 * and read again after a reconnect. Only read methods and one event, so a board-only sign-in can show it.
 */
import { useEffect, useState } from 'react';
import type { BoardRoom } from '../../../../core/model/meeting';
import { useHub, useHubStoreApi } from '../../store/context';
import { failureMessage } from '../../store/hub-store';

export type BoardsLoad = { boards: BoardRoom[] } | { error: string } | null;

export function useBoards(): BoardsLoad {
  const client = useHubStoreApi().client;
  const connected = useHub((s) => s.connection.state === 'connected');
  const [load, setLoad] = useState<BoardsLoad>(null);
  useEffect(() => {
    let cancelled = false;
    const off = client.on('meetingState', (board) =>
      setLoad((before) => {
        if (!before || !('boards' in before)) return before;
        const others = before.boards.filter((b) => b.roomId !== board.roomId);
        const index = before.boards.findIndex((b) => b.roomId === board.roomId);
        const boards = [...others];
        boards.splice(index === -1 ? boards.length : index, 0, board);
        return { boards };
      }),
    );
    client
      .call('listBoards', {})
      .then((boards) => !cancelled && setLoad({ boards }))
      .catch((error: unknown) => !cancelled && setLoad({ error: failureMessage(error) }));
    return () => {
      cancelled = true;
      off();
    };
  }, [client, connected]);
  return load;
}

/** Ticks every `ms` so "time left" counts down between pushes. */
export function useNow(ms = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

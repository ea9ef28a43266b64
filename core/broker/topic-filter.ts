/**
 * MQTT topic filter matching (MQTT 3.1.1 §4.7), used to dispatch incoming messages to the
 * handlers of every subscribed filter. Pure, so it is table-tested without a broker.
 */

/** True if `filter` is a valid subscription filter: `#` only last and alone in its level, `+` alone in its level. */
export function isValidFilter(filter: string): boolean {
  if (filter.length === 0 || filter.includes('\u0000')) return false;
  const levels = filter.split('/');
  return levels.every((level, i) => {
    if (level.includes('#')) return level === '#' && i === levels.length - 1;
    if (level.includes('+')) return level === '+';
    return true;
  });
}

/** True if `topic` is a valid topic to publish to: non-empty, no wildcards. */
export function isValidTopic(topic: string): boolean {
  return topic.length > 0 && !/[+#\u0000]/.test(topic);
}

export function hasWildcard(filter: string): boolean {
  return filter.includes('+') || filter.includes('#');
}

/** Does `topic` (no wildcards) match `filter`? */
export function matchesFilter(filter: string, topic: string): boolean {
  return matchesLevels(filter.split('/'), topic.split('/'));
}

/** matchesFilter on levels split once (the connection splits each filter once and each topic once per message). */
export function matchesLevels(f: readonly string[], t: readonly string[]): boolean {
  // Filters starting with a wildcard never match `$SYS/...`-style topics (§4.7.2).
  if (t[0]!.startsWith('$') && (f[0] === '+' || f[0] === '#')) return false;
  for (let i = 0; i < f.length; i++) {
    const level = f[i];
    // `#` also matches the parent level itself: `a/#` matches `a`.
    if (level === '#') return true;
    if (i >= t.length) return false;
    if (level !== '+' && level !== t[i]) return false;
  }
  return f.length === t.length;
}

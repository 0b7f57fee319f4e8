// "Did you mean": the closest known name within a small edit distance, for typos in fixtures and
// manifests that would otherwise pass silently (a misspelt field or object hides a fault).

/** Levenshtein distance, capped: anything above `max` is reported as `max + 1`. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = current;
  }
  return Math.min(previous[b.length] ?? 0, max + 1);
}

/**
 * A known name that `name` misses narrowly (case, or up to two letters), or undefined when `name`
 * is known or not close to anything known (then it may well be a real name we do not list).
 */
export function nearMiss(name: string, known: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  for (const candidate of known) {
    if (candidate === name) return undefined;
    if (
      best === undefined &&
      lower.length >= 4 &&
      editDistance(candidate.toLowerCase(), lower) <= 2
    ) {
      best = candidate;
    }
  }
  return best;
}

/**
 * Exact order statistics on a Float64Array without missing values (internal).
 * Floyd–Rivest selection (the algorithm of d3-array's `quickselect`), numeric comparisons.
 */

/** Rearranges `a[left..right]` so that `a[k]` is the value of rank k, smaller ones before, larger after. */
export function floydRivest(a: Float64Array, k: number, left = 0, right = a.length - 1): void {
  while (right > left) {
    if (right - left > 600) {
      const n = right - left + 1;
      const m = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
      const newLeft = Math.max(left, Math.floor(k - (m * s) / n + sd));
      const newRight = Math.min(right, Math.floor(k + ((n - m) * s) / n + sd));
      floydRivest(a, k, newLeft, newRight);
    }
    const t = a[k]!;
    let i = left;
    let j = right;
    swap(a, left, k);
    if (a[right]! > t) swap(a, left, right);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while (a[i]! < t) i++;
      while (a[j]! > t) j--;
    }
    if (a[left] === t) swap(a, left, j);
    else {
      j++;
      swap(a, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/** Moves the smallest value of `a[left..right]` to `a[left]` and returns it. */
function minToFront(a: Float64Array, left: number, right: number): number {
  let at = left;
  for (let i = left + 1; i <= right; i++) if (a[i]! < a[at]!) at = i;
  swap(a, left, at);
  return a[left]!;
}

/**
 * Values of the given ranks (0-based, ascending, no duplicates) of `a`, which is reordered.
 * Each selection only scans to the right of the previous rank; a rank right after the
 * previous one is the minimum of what remains.
 */
export function selectRanks(a: Float64Array, ranks: readonly number[]): number[] {
  const out: number[] = [];
  let left = 0;
  let previous = -2;
  for (const k of ranks) {
    if (k === previous + 1 && k < a.length) {
      out.push(minToFront(a, left, a.length - 1));
    } else {
      floydRivest(a, k, left, a.length - 1);
      out.push(a[k]!);
    }
    left = k + 1;
    previous = k;
  }
  return out;
}

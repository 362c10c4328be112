/** Previous and Next over a list the server gives a page at a time, with where the page stands. */

export function Pager({
  offset,
  size,
  total,
  previous,
  next,
  place,
  onOffset,
}: {
  offset: number;
  /** Lines a page. */
  size: number;
  total: number;
  /** The screen's own words: its lines are SKUs in one, stock lines in another. */
  previous: string;
  next: string;
  place: (span: { first: number; last: number; total: number }) => string;
  onOffset: (offset: number) => void;
}) {
  if (total <= size) return null;
  const last = Math.min(offset + size, total);
  return (
    <div class="row pager">
      <button
        type="button"
        class="small"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - size))}
      >
        {previous}
      </button>
      <span class="muted">{place({ first: offset + 1, last, total })}</span>
      <button type="button" class="small" disabled={last >= total} onClick={() => onOffset(offset + size)}>
        {next}
      </button>
    </div>
  );
}

/** The brand's categories as a labelled select, with a first choice for none or all of them. */
import type { Category } from './products-api';

export function CategorySelect({
  label,
  inline,
  categories,
  value,
  none,
  onPick,
}: {
  label: string;
  /** One of a list's filters, on a line with the others, rather than a form's field. */
  inline?: boolean;
  categories: Category[];
  /** The category's id, or '' for the first choice. */
  value: string;
  /** The first choice's words ("All", "No category"). */
  none: string;
  onPick: (id: string) => void;
}) {
  return (
    <label class={inline ? 'inline' : undefined}>
      {label}
      {inline && ' '}
      <select value={value} onChange={(e) => onPick((e.target as HTMLSelectElement).value)}>
        <option value="">{none}</option>
        {categories.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );
}

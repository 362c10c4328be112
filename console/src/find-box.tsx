/** A list's find box: the words are sent once typing pauses, not on every key. */
import { useEffect, useState } from 'preact/hooks';

const TYPING_PAUSE_MS = 250;

export function FindBox({
  label,
  placeholder,
  words,
  onFind,
}: {
  label: string;
  placeholder: string;
  /** The words the list was last asked with. */
  words: string;
  onFind: (words: string) => void;
}) {
  const [typed, setTyped] = useState(words);
  useEffect(() => {
    const pause = setTimeout(() => words !== typed && onFind(typed), TYPING_PAUSE_MS);
    return () => clearTimeout(pause);
  }, [typed]);
  return (
    <label class="inline">
      {label}{' '}
      <input
        type="search"
        placeholder={placeholder}
        value={typed}
        onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
      />
    </label>
  );
}

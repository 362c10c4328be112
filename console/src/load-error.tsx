/** What a list or page could not load, in the server's words, with a way to ask again. */
export function LoadError({
  message,
  tryAgain,
  onRetry,
}: {
  message: string;
  /** The screen's words for the button. */
  tryAgain: string;
  onRetry: () => void;
}) {
  return (
    <p class="error">
      {message}{' '}
      <button type="button" class="small" onClick={onRetry}>
        {tryAgain}
      </button>
    </p>
  );
}

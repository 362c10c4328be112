/** Hands a file made in the browser (or fetched with the session's token) to the browser's downloads. */
export function saveFile(blob: Blob, filename: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  link.click();
  // The download has taken the blob by the next turn; a second later it can go.
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

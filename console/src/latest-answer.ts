/**
 * A screen that asks the server again as its filters change shows only the latest question's
 * answer: an earlier one may arrive after it and would show stale rows under the new filters.
 */
import { useRef } from 'preact/hooks';
import { refusalOf } from './refusals';

export function useLatestAnswer() {
  const asked = useRef(0);
  return {
    /** Asks anew; the answer (or the refusal's words) is handed on only while no later question was asked. */
    ask<T>(question: Promise<T>, onAnswer: (answer: T) => void, onRefusal: (message: string) => void): void {
      const mine = ++asked.current;
      question.then(
        (answer) => mine === asked.current && onAnswer(answer),
        (error) => mine === asked.current && onRefusal(refusalOf(error).message),
      );
    },
    /** For a follow-up of the question standing now (its next page): whether it is still the latest. */
    standing(): () => boolean {
      const mine = asked.current;
      return () => mine === asked.current;
    },
  };
}

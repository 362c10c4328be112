/**
 * QoS 1 acknowledgements held until a message has been dealt with (positioned, dead-lettered or set
 * aside on purpose), then sent in the order the messages came, as MQTT asks of PUBACKs. A message
 * the gateway dies holding is not acknowledged, so the broker delivers it again to the next session.
 * Acks belong to one connection: when it drops, the held ones are forgotten (the broker redelivers
 * those messages on the next connection, where the same packet ids may mean other messages).
 */
export interface AckQueue {
  /** Holds the ack of a message; the returned function says it was dealt with (calling it again does nothing). */
  hold(messageId: number): () => void;
  /** Forgets every held ack: their connection is gone. */
  reset(): void;
  /** Acks held, sent or not: messages taken in and not yet dealt with, or behind one that is not. */
  readonly held: number;
}

interface Held {
  messageId: number;
  done: boolean;
}

export function ackQueue(send: (messageId: number) => void): AckQueue {
  let queue: Held[] = [];
  let head = 0;
  /** Which connection the held acks belong to. */
  let connection = 0;

  function release(): void {
    while (head < queue.length && queue[head]!.done) send(queue[head++]!.messageId);
    // Compacted now and then rather than shifted per ack: shift is linear in the queue's length.
    if (head === queue.length) {
      queue = [];
      head = 0;
    } else if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
  }

  return {
    hold(messageId) {
      const held: Held = { messageId, done: false };
      const of = connection;
      queue.push(held);
      return () => {
        // An ack already given, or of a connection that is gone, is not sent.
        if (held.done || of !== connection) return;
        held.done = true;
        release();
      };
    },
    reset() {
      connection += 1;
      queue = [];
      head = 0;
    },
    get held() {
      return queue.length - head;
    },
  };
}

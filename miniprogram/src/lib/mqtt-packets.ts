/**
 * The few MQTT 3.1.1 packets a shopper's phone needs to hear its live offers (CONNECT, SUBSCRIBE,
 * PUBACK, PINGREQ out; CONNACK, SUBACK, PUBLISH in), as bytes. Pure: no socket, no wx. Not MQTT.js:
 * its WeChat transport (5.16, connect/wx.js) sends each chunk's whole underlying ArrayBuffer
 * (`chunk.buffer`), and mqtt-packet writes slices of shared buffers, so the broker gets stray bytes
 * (tried through this folder's wx fake: the session broke at its first packets; MQTT.js PR #1506, never
 * merged); it would also triple the store page.
 */

/** UTF-8 by hand: older WeChat base libraries have no TextEncoder/TextDecoder. */
export function utf8Encode(text: string): number[] {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else
      bytes.push(
        0xf0 | (code >> 18),
        0x80 | ((code >> 12) & 63),
        0x80 | ((code >> 6) & 63),
        0x80 | (code & 63),
      );
  }
  return bytes;
}

export function utf8Decode(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const extra = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : 0;
    let code = extra ? b & (0x3f >> extra) : b;
    for (let k = 1; k <= extra; k++) code = (code << 6) | (bytes[i + k]! & 63);
    text += String.fromCodePoint(code);
    i += extra + 1;
  }
  return text;
}

const string = (text: string) => {
  const bytes = utf8Encode(text);
  return [bytes.length >> 8, bytes.length & 255, ...bytes];
};

function packet(type: number, flags: number, body: number[]): ArrayBuffer {
  const length: number[] = [];
  let n = body.length;
  do {
    let digit = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) digit |= 128;
    length.push(digit);
  } while (n > 0);
  return new Uint8Array([(type << 4) | flags, ...length, ...body]).buffer;
}

export const CONNACK = 2;
export const PUBLISH = 3;
export const SUBACK = 9;
export const PINGRESP = 13;

export function connectPacket(o: {
  clientId: string;
  username: string;
  password: string;
  keepAliveS: number;
}) {
  const flags = 0x80 | 0x40 | 0x02; // username, password, clean session
  return packet(1, 0, [
    ...string('MQTT'),
    4,
    flags,
    o.keepAliveS >> 8,
    o.keepAliveS & 255,
    ...string(o.clientId),
    ...string(o.username),
    ...string(o.password),
  ]);
}

export const subscribePacket = (packetId: number, topic: string) =>
  packet(8, 2, [packetId >> 8, packetId & 255, ...string(topic), 1]);

export const pubackPacket = (packetId: number) => packet(4, 0, [packetId >> 8, packetId & 255]);

export const pingPacket = () => packet(12, 0, []);

export const disconnectPacket = () => packet(14, 0, []);

export interface Incoming {
  type: number;
  flags: number;
  body: Uint8Array;
}

/** Reads whole packets from a byte stream that WebSocket frames may split or join. */
export function packetReader(): (chunk: ArrayBuffer) => Incoming[] {
  let buffer = new Uint8Array(0);
  return (chunk) => {
    const joined = new Uint8Array(buffer.length + chunk.byteLength);
    joined.set(buffer);
    joined.set(new Uint8Array(chunk), buffer.length);
    buffer = joined;
    const packets: Incoming[] = [];
    for (;;) {
      let length = 0;
      let multiplier = 1;
      let at = 1;
      for (; at < buffer.length && at <= 4; at++) {
        length += (buffer[at]! & 127) * multiplier;
        multiplier *= 128;
        if (!(buffer[at]! & 128)) break;
      }
      if (at >= buffer.length || buffer.length < at + 1 + length) return packets;
      packets.push({
        type: buffer[0]! >> 4,
        flags: buffer[0]! & 15,
        body: buffer.slice(at + 1, at + 1 + length),
      });
      buffer = buffer.slice(at + 1 + length);
    }
  };
}

/** A PUBLISH's topic, packet id (QoS 1 and 2) and payload text. */
export function readPublish(p: Incoming): { topic: string; packetId: number | null; payload: string } {
  const topicLength = (p.body[0]! << 8) | p.body[1]!;
  const topic = utf8Decode(p.body.slice(2, 2 + topicLength));
  const qos = (p.flags >> 1) & 3;
  const at = 2 + topicLength;
  const packetId = qos ? (p.body[at]! << 8) | p.body[at + 1]! : null;
  return { topic, packetId, payload: utf8Decode(p.body.slice(qos ? at + 2 : at)) };
}

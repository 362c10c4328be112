/** The phone's MQTT packets, against what MQTT.js (the server's client) writes and reads. */
import mqttPacket from 'mqtt-packet';
import { expect, it } from 'vitest';
import {
  connectPacket,
  PUBLISH,
  packetReader,
  readPublish,
  subscribePacket,
  utf8Decode,
  utf8Encode,
} from '../src/lib/mqtt-packets';

it('reads a QoS 1 publish split across frames, its payload past 127 bytes and in Chinese', () => {
  const payload = JSON.stringify({ id: 'o-1', title: '燕麦奶 第二件半价 🥛', body: 'x'.repeat(300) });
  const bytes = mqttPacket.generate({
    cmd: 'publish',
    topic: 'ss/t/shopper/s/offers',
    payload: Buffer.from(payload),
    qos: 1,
    messageId: 513,
    dup: false,
    retain: false,
  });
  const read = packetReader();
  const chunks = [bytes.subarray(0, 1), bytes.subarray(1, 2), bytes.subarray(2, 100), bytes.subarray(100)];
  const packets = chunks.flatMap((c) => read(Uint8Array.from(c).buffer));
  expect(packets).toHaveLength(1);
  expect(packets[0]!.type).toBe(PUBLISH);
  expect(readPublish(packets[0]!)).toEqual({ topic: 'ss/t/shopper/s/offers', packetId: 513, payload });
});

it('writes CONNECT and SUBSCRIBE as MQTT 3.1.1 has them', () => {
  const parsed: Record<string, unknown>[] = [];
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  parser.on('packet', (p) => parsed.push(p as unknown as Record<string, unknown>));
  parser.parse(
    Buffer.from(
      connectPacket({ clientId: 'mp-1', username: 'shopper', password: 'jwt.令牌', keepAliveS: 60 }),
    ),
  );
  parser.parse(Buffer.from(subscribePacket(1, 'ss/t/shopper/s/offers')));
  expect(parsed[0]).toMatchObject({
    cmd: 'connect',
    clientId: 'mp-1',
    username: 'shopper',
    keepalive: 60,
    clean: true,
  });
  expect(String(parsed[0]!.password)).toBe('jwt.令牌');
  expect(parsed[1]).toMatchObject({
    cmd: 'subscribe',
    messageId: 1,
    subscriptions: [{ topic: 'ss/t/shopper/s/offers', qos: 1 }],
  });
});

it('round-trips UTF-8 as TextEncoder does', () => {
  const text = 'FreshMart 鲜生超市 ¥5 🎁';
  expect(utf8Encode(text)).toEqual([...new TextEncoder().encode(text)]);
  expect(utf8Decode(new TextEncoder().encode(text))).toBe(text);
});

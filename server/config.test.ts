import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, splitCredentials } from './config.js';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/smartstore');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.MQTT_URL).toBeUndefined();
    expect(config.JWT_SECRET).toBeUndefined();
    expect(config.MQTT_EMBEDDED_PORT).not.toBe(1883);
    expect(config.RECOMMENDER_MODEL).toBeUndefined();
  });

  it('reads numbers and urls from the environment', () => {
    const config = loadConfig({ PORT: '8080', MQTT_URL: 'mqtt://127.0.0.1:1883' });
    expect(config.PORT).toBe(8080);
    expect(config.MQTT_URL).toBe('mqtt://127.0.0.1:1883');
    expect(loadConfig({ RECOMMENDER_MODEL: 'models/mine.onnx' }).RECOMMENDER_MODEL).toBe('models/mine.onnx');
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', JWT_SECRET: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/DATABASE_URL/);
    expect(problems).toMatch(/JWT_SECRET/);
  });

  it('refuses half of the WeChat credentials', () => {
    expect(() => loadConfig({ WECHAT_APPID: 'wx123' })).toThrow(/WECHAT_SECRET/);
  });

  it('takes WeChat Pay all or nothing, naming what is missing', () => {
    expect(loadConfig({}).WECHATPAY_MCHID).toBeUndefined();
    let error: unknown;
    try {
      loadConfig({ WECHATPAY_MCHID: '1900000109', WECHATPAY_PUBLIC_KEY_ID: 'PUB_KEY_ID_01' });
    } catch (e) {
      error = e;
    }
    const problems = (error as ConfigError).problems.join('\n');
    for (const key of [
      'WECHATPAY_SERIAL',
      'WECHATPAY_APIV3_KEY',
      'WECHATPAY_PUBLIC_KEY_PATH',
      'WECHAT_APPID',
    ]) {
      expect(problems).toContain(key);
    }
    expect(() => loadConfig({ WECHATPAY_APIV3_KEY: 'too-short' })).toThrow(/WECHATPAY_APIV3_KEY/);
  });

  it('takes a broker user in MQTT_URL, and never repeats a password or a secret it refuses', () => {
    expect(loadConfig({ MQTT_URL: 'mqtt://smartstore:s3cret@broker:1883' }).MQTT_URL).toBe(
      'mqtt://smartstore:s3cret@broker:1883',
    );
    let error: unknown;
    try {
      loadConfig({
        MQTT_URL: 'mqqt://smartstore:s3cret@broker:1883',
        DATABASE_URL: 'mysql://app:dbpass@db/x',
        JWT_SECRET: 'short-secret',
      });
    } catch (e) {
      error = e;
    }
    const message = (error as ConfigError).message;
    expect(message).toMatch(/MQTT_URL.*smartstore:\*\*\*@broker/);
    expect(message).toMatch(/DATABASE_URL/);
    for (const secret of ['s3cret', 'dbpass', 'short-secret']) expect(message).not.toContain(secret);
  });
});

describe('splitCredentials', () => {
  it('takes the user and password out of a URL, decoded', () => {
    expect(splitCredentials('mqtt://smart%40store:p%3Aw%2Fd@broker:1883')).toEqual({
      url: 'mqtt://broker:1883',
      username: 'smart@store',
      password: 'p:w/d',
    });
    expect(splitCredentials('wss://u:p@broker.example/mqtt')).toEqual({
      url: 'wss://broker.example/mqtt',
      username: 'u',
      password: 'p',
    });
    expect(splitCredentials('mqtt://127.0.0.1:1883')).toEqual({ url: 'mqtt://127.0.0.1:1883' });
  });
});

import { describe, expect, it } from 'vitest';
import { deviceName } from './SignedInDevicesCard';

describe('deviceName', () => {
  it('names the browser and the system', () => {
    const iphone =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
    expect(deviceName(iphone)).toBe('Safari on iOS');
    expect(deviceName('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe('Firefox on Linux');
    expect(deviceName('Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/120.0 Safari/537.36 Edg/120.0')).toBe(
      'Edge on Windows',
    );
  });

  it('falls back to what it was given, or says it does not know', () => {
    expect(deviceName('curl/8.4.0')).toBe('curl/8.4.0');
    expect(deviceName(null)).toBe('Unknown device');
  });
});

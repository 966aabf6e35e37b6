import { truncateIp } from './ip-truncation';

describe('truncateIp', () => {
  it('keeps the /24 of an IPv4 address', () => {
    expect(truncateIp('203.0.113.9')).toBe('203.0.113.0/24');
    expect(truncateIp('10.0.0.255')).toBe('10.0.0.0/24');
    expect(truncateIp('0.0.0.0')).toBe('0.0.0.0/24');
  });

  it('keeps the /48 of an IPv6 address in compressed form', () => {
    expect(truncateIp('2001:db8:abcd:12::1')).toBe('2001:db8:abcd::/48');
    expect(truncateIp('2001:0db8:abcd:0012:0000:0000:0000:0001')).toBe('2001:db8:abcd::/48');
    expect(truncateIp('2001:DB8:ABCD:FFFF:1:2:3:4')).toBe('2001:db8:abcd::/48');
    expect(truncateIp('::1')).toBe('::/48');
  });

  it('keeps zero groups inside the /48 prefix', () => {
    expect(truncateIp('2001:0:abcd:1::1')).toBe('2001:0:abcd::/48');
    expect(truncateIp('2001:db8::1')).toBe('2001:db8::/48');
  });

  it('treats an IPv4-mapped IPv6 address as the IPv4 address it carries', () => {
    expect(truncateIp('::ffff:203.0.113.9')).toBe('203.0.113.0/24');
    expect(truncateIp('::ffff:cb00:7109')).toBe('203.0.113.0/24');
    expect(truncateIp('[::ffff:198.51.100.7]')).toBe('198.51.100.0/24');
  });

  it('drops an IPv6 zone id', () => {
    expect(truncateIp('fe80::1%eth0')).toBe('fe80::/48');
    expect(truncateIp('fe80::abcd:1%25')).toBe('fe80::/48');
  });

  it('accepts an IPv6 address in brackets, with or without a zone id', () => {
    expect(truncateIp('[2001:db8:abcd:12::1]')).toBe('2001:db8:abcd::/48');
    expect(truncateIp('[fe80::1%eth0]')).toBe('fe80::/48');
  });

  it('ignores surrounding whitespace', () => {
    expect(truncateIp('  203.0.113.9\n')).toBe('203.0.113.0/24');
  });

  it.each([
    [''],
    ['   '],
    ['not an ip'],
    ['203.0.113'],
    ['203.0.113.256'],
    ['203.0.113.9:8080'],
    ['[2001:db8::1]:443'],
    ['2001:db8:::1'],
    ['2001:db8::g'],
    ['localhost'],
    ['203.0.113.0/24'],
  ])('returns null for %j', (input) => {
    expect(truncateIp(input)).toBeNull();
  });

  it('returns null for undefined and null', () => {
    expect(truncateIp(undefined)).toBeNull();
    expect(truncateIp(null)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { isSafeImageUrl, isSafeLinkUrl, urlScheme } from './safe-url';

/** Script-bearing URLs from the OWASP XSS filter evasion cheat sheet, and variants. */
const DANGEROUS_URLS = [
  'javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'java\nscript:alert(1)',
  'java\u0000script:alert(1)',
  '\u0001javascript:alert(1)',
  'jav&#x09;ascript:alert(1)'.replace('&#x09;', '\t'),
  'vbscript:msgbox(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'data:text/html,<script>alert(1)</script>',
  'data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+',
  'file:///etc/passwd',
];

describe('safe URLs', () => {
  it('finds the scheme the browser would see, ignoring control characters and spaces', () => {
    expect(urlScheme('java\tscript:alert(1)')).toBe('javascript');
    expect(urlScheme(' HTTPS://x.org')).toBe('https');
    expect(urlScheme('/reports/q1')).toBeNull();
    expect(urlScheme('#section')).toBeNull();
  });

  it('rejects every script-bearing URL of the corpus for links and images', () => {
    for (const url of DANGEROUS_URLS) {
      expect(isSafeLinkUrl(url), url).toBe(false);
      expect(isSafeImageUrl(url), url).toBe(false);
    }
  });

  it('accepts web, mail and phone links and relative ones', () => {
    for (const url of [
      'https://example.org/a?b#c',
      'http://x.org',
      'mailto:a@b.org',
      'tel:+4912345',
      '/r',
      'r/s',
      '#top',
      '?q=1',
    ]) {
      expect(isSafeLinkUrl(url), url).toBe(true);
    }
  });

  it('accepts http(s), relative and base64 raster data images only', () => {
    expect(isSafeImageUrl('https://cdn.example.org/logo.png')).toBe(true);
    expect(isSafeImageUrl('/static/logo.webp')).toBe(true);
    expect(isSafeImageUrl('data:image/png;base64,iVBORw0KGgo=')).toBe(true);
    expect(isSafeImageUrl('data:image/png,not-base64')).toBe(false);
    expect(isSafeImageUrl('')).toBe(false);
    expect(isSafeImageUrl('mailto:a@b.org')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { matchUrlGlob } from './url-glob.js';

describe('matchUrlGlob', () => {
  it('matches paths with * across segments, ignoring query, hash and trailing slashes', () => {
    expect(matchUrlGlob('/app/*', 'https://x.test/app/reports/2024?tab=1#top')).toBe(true);
    expect(matchUrlGlob('/app/*', 'https://x.test/settings')).toBe(false);
    expect(matchUrlGlob('/app/reports', 'https://x.test/app/reports/')).toBe(true);
    expect(matchUrlGlob('/app/reports', 'https://x.test/app/reports/old')).toBe(false);
    expect(matchUrlGlob('/', 'https://x.test/')).toBe(true);
    expect(matchUrlGlob('*', 'https://x.test/anything')).toBe(true);
  });

  it("requires the glob's query pairs and hash when it has them", () => {
    expect(matchUrlGlob('/app?tab=billing', 'https://x.test/app?x=1&tab=billing')).toBe(true);
    expect(matchUrlGlob('/app?tab=billing', 'https://x.test/app?tab=team')).toBe(false);
    expect(matchUrlGlob('/app?tab=*', 'https://x.test/app')).toBe(false);
    expect(matchUrlGlob('/app#settings*', 'https://x.test/app#settings/team')).toBe(true);
    expect(matchUrlGlob('/app#settings', 'https://x.test/app')).toBe(false);
  });

  it('checks the origin of full-URL globs and treats regex characters literally', () => {
    expect(matchUrlGlob('https://*.example.com/app/*', 'https://eu.example.com/app/x')).toBe(true);
    expect(matchUrlGlob('https://*.example.com/app/*', 'https://evil.test/app/x')).toBe(false);
    expect(matchUrlGlob('/a.b(c)', 'https://x.test/a.b(c)')).toBe(true);
    expect(matchUrlGlob('/a.b', 'https://x.test/aXb')).toBe(false);
  });

  it('never throws on junk', () => {
    expect(matchUrlGlob('/app', 'http://[bad')).toBe(false);
    expect(matchUrlGlob('/[(', 'https://x.test/[(')).toBe(true);
    expect(matchUrlGlob('/café', 'https://x.test/caf%C3%A9')).toBe(true);
  });
});

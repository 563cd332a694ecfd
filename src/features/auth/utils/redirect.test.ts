import { describe, expect, it } from 'vitest';
import { safeRedirectPath, signInPathFor } from './redirect';

describe('safeRedirectPath', () => {
  it('follows paths inside the app, keeping query and hash', () => {
    expect(safeRedirectPath('/models?tab=favorites#top')).toBe('/models?tab=favorites#top');
  });

  it.each([null, '', 'https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/\tevil', '/sign-in?redirectTo=/x', '/sign-up'])(
    'refuses %j and goes to the default page',
    (target) => {
      expect(safeRedirectPath(target)).toBe('/connections');
    },
  );
});

describe('signInPathFor', () => {
  it('encodes where to come back to', () => {
    expect(signInPathFor('/models?tab=all', '/sign-in')).toBe('/sign-in?redirectTo=%2Fmodels%3Ftab%3Dall');
  });
});

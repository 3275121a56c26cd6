import { describe, expect, it } from 'vitest';
import { errorText } from './errorText';

describe('errorText', () => {
  // A DescentError is an Error with a string code (this package depends on none of descent's).
  it("gives 'CODE: message' for an error with a code, the text of any other throw, 'no error' otherwise", () => {
    expect(errorText(() => {
      throw Object.assign(new Error('load: bad'), { code: 'INVALID_STATE' });
    })).toBe('INVALID_STATE: load: bad');
    expect(errorText(() => {
      throw new TypeError('x is not a function');
    })).toBe('TypeError: x is not a function');
    expect(errorText(() => 1)).toBe('no error');
  });
});

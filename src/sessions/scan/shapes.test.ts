import { describe, expect, it } from 'vitest';
import {
  array,
  boolean,
  describeProblem,
  literal,
  looseObject,
  nullish,
  number,
  optional,
  type Shape,
  string,
  union,
  unknown,
} from './shapes.js';

const why = (shape: Shape<unknown>, value: unknown): string | null => {
  const problem = shape.problem(value);
  return problem && describeProblem(problem);
};

describe('shapes', () => {
  const part = looseObject({ type: optional(string), text: optional(string) });
  const item = looseObject({
    type: literal('message'),
    role: string,
    content: nullish(union(array(part), string)),
    output: unknown,
    done: optional(boolean),
    tokens: nullish(number),
  });

  it('accepts a value of the shape as it is, extra fields and all', () => {
    const value = {
      type: 'message',
      role: 'user',
      content: [{ text: 'hi', extra: 1 }],
      output: null,
      more: [1],
    };
    expect(why(item, value)).toBeNull();
    expect(why(item, { ...value, content: 'plain', done: true, tokens: 3 })).toBeNull();
    expect(why(item, { ...value, content: null, tokens: null })).toBeNull();
  });

  it('says which field is wrong and how', () => {
    const base = { type: 'message', role: 'user', output: 1 };
    expect(why(item, { ...base, role: 5 })).toBe('role: expected a string, got number');
    expect(why(item, { type: 'message', output: 1 })).toBe('role: missing');
    expect(why(item, { ...base, type: 'reasoning' })).toBe('type: expected "message", got string');
    expect(why(item, { type: 'message', role: 'user' })).toBe('output: missing');
    expect(why(item, { ...base, done: null })).toBe('done: expected a boolean, got null');
    expect(why(item, [base])).toBe('(root): expected an object, got array');
  });

  it('tells the problem inside the alternative the value came closest to', () => {
    const base = { type: 'message', role: 'user', output: 1 };
    expect(why(item, { ...base, content: [{ text: 7 }] })).toBe(
      'content.0.text: expected a string, got number',
    );
    expect(why(item, { ...base, content: 3 })).toBe(
      'content: expected a list of an object or a string, got number',
    );
  });

  it('reads only own fields, not those every object inherits', () => {
    const shape = looseObject({ toString: string });
    expect(why(shape, {})).toBe('toString: missing');
    expect(why(shape, { toString: 'own' })).toBeNull();
  });
});

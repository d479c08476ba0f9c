/**
 * Shapes of the untrusted JSON in rollouts, checked in place: a value that has the shape is used as it is
 * (no copy), one that has not says where and why. Types are inferred from the shapes, never written twice.
 *
 * The parser checks every line of gigabytes of rollouts, and every command that reads a transcript loads
 * it first: the general schema library used elsewhere took ~50 ms to load and made a copy of every payload,
 * so the parser keeps the dozen kinds of check it needs here.
 */

/** Where a value departs from its shape (keys and indexes from the checked value down) and how. */
export interface ShapeProblem {
  path: (string | number)[];
  message: string;
}

export interface Shape<T> {
  /** What the shape holds, in words. */
  readonly expected: string;
  /** Null when `value` has the shape. */
  problem(value: unknown): ShapeProblem | null;
  /** Carries the type only; never set. */
  readonly type?: T;
}

export type Infer<S> = S extends Shape<infer T> ? T : never;

type Fields = Record<string, Shape<unknown>>;
/** Keys whose shape admits `undefined` may be missing. */
type OptionalKeys<F extends Fields> = { [K in keyof F]: undefined extends Infer<F[K]> ? K : never }[keyof F];
type ObjectOf<F extends Fields> = { [K in Exclude<keyof F, OptionalKeys<F>>]: Infer<F[K]> } & {
  [K in OptionalKeys<F>]?: Infer<F[K]>;
} & { [key: string]: unknown };

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

function mismatch(expected: string, value: unknown): ShapeProblem {
  return {
    path: [],
    message: value === undefined ? 'missing' : `expected ${expected}, got ${kindOf(value)}`,
  };
}

function primitive<T>(expected: string, has: (value: unknown) => boolean): Shape<T> {
  return { expected, problem: (value) => (has(value) ? null : mismatch(expected, value)) };
}

export const string = primitive<string>('a string', (value) => typeof value === 'string');
export const number = primitive<number>('a number', (value) => typeof value === 'number');
export const boolean = primitive<boolean>('a boolean', (value) => typeof value === 'boolean');
/** Any value, as long as there is one (a key that is present). */
export const unknown = primitive<unknown>('a value', (value) => value !== undefined);

export function literal<const L extends string>(text: L): Shape<L> {
  return primitive<L>(JSON.stringify(text), (value) => value === text);
}

export function optional<T>(shape: Shape<T>): Shape<T | undefined> {
  return {
    expected: shape.expected,
    problem: (value) => (value === undefined ? null : shape.problem(value)),
  };
}

/** Missing or null, or the shape. */
export function nullish<T>(shape: Shape<T>): Shape<T | null | undefined> {
  return {
    expected: shape.expected,
    problem: (value) => (value === undefined || value === null ? null : shape.problem(value)),
  };
}

export function array<T>(item: Shape<T>): Shape<T[]> {
  const expected = `a list of ${item.expected}`;
  return {
    expected,
    problem(value) {
      if (!Array.isArray(value)) return mismatch(expected, value);
      for (let index = 0; index < value.length; index++) {
        const problem = item.problem(value[index]);
        if (problem) {
          problem.path.unshift(index);
          return problem;
        }
      }
      return null;
    },
  };
}

/** One shape or the other. The problem told is that of the one the value came closest to. */
export function union<A, B>(first: Shape<A>, second: Shape<B>): Shape<A | B> {
  const expected = `${first.expected} or ${second.expected}`;
  return {
    expected,
    problem(value) {
      const problem = first.problem(value);
      if (!problem) return null;
      const other = second.problem(value);
      if (!other) return null;
      // A problem below the top means that shape matched the value's kind.
      if (problem.path.length > 0) return problem;
      return other.path.length > 0 ? other : mismatch(expected, value);
    },
  };
}

/** An object with at least these fields; other fields are kept as they are. */
export function looseObject<F extends Fields>(fields: F): Shape<ObjectOf<F>> {
  const keys = Object.keys(fields);
  const shapes = Object.values(fields);
  return {
    expected: 'an object',
    problem(value) {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return mismatch('an object', value);
      const record = value as Record<string, unknown>;
      for (let index = 0; index < keys.length; index++) {
        const key = keys[index] as string;
        const problem = (shapes[index] as Shape<unknown>).problem(
          Object.hasOwn(record, key) ? record[key] : undefined,
        );
        if (problem) {
          problem.path.unshift(key);
          return problem;
        }
      }
      return null;
    },
  };
}

/** The problem in one line: `path.to.field: message`. */
export function describeProblem(problem: ShapeProblem): string {
  return `${problem.path.join('.') || '(root)'}: ${problem.message}`;
}

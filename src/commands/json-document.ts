import type { StreamOutput } from './stream-output.js';

/** A field of a JSON object: a value, or an array whose items come in batches as they are read. */
export type JsonField = { key: string; value: unknown } | { key: string; items: AsyncIterable<unknown[]> };

/**
 * Writes `{ key: value, … }` exactly as `JSON.stringify(object, null, 2)` would (keys in order, a value that is
 * undefined left out), with array fields written item by item as their batches come: the same document,
 * never held whole. Stops when the output closes.
 */
export async function writeJsonDocument(out: StreamOutput, fields: JsonField[]): Promise<void> {
  let written = 0;
  await out.write('{');
  for (const field of fields) {
    if ('value' in field && field.value === undefined) continue;
    const start = `${written > 0 ? ',' : ''}\n  ${JSON.stringify(field.key)}: `;
    written++;
    if ('value' in field) {
      await out.write(`${start}${nest(JSON.stringify(field.value, null, 2), 1)}`);
      continue;
    }
    await out.write(`${start}[`);
    let items = 0;
    for await (const batch of field.items) {
      if (out.closed) return;
      let text = '';
      for (const item of batch) {
        text += `${items > 0 ? ',' : ''}\n    ${nest(JSON.stringify(item, null, 2) ?? 'null', 2)}`;
        items++;
      }
      await out.write(text);
    }
    await out.write(items > 0 ? '\n  ]' : ']');
  }
  await out.write(written > 0 ? '\n}\n' : '}\n');
}

/** JSON text indented `depth` levels deeper: its newlines are all between tokens (strings escape theirs). */
function nest(json: string, depth: number): string {
  return json.replaceAll('\n', `\n${'  '.repeat(depth)}`);
}

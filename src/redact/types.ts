/** A credential-shaped value found in text: `[start, end)` in UTF-16 code units. */
export interface SecretSpan {
  kind: string;
  start: number;
  end: number;
}

/** A detector appends every span it finds; overlaps are resolved by the caller. */
export type Detector = (text: string, found: SecretSpan[]) => void;

import { isPlaceholderValue } from './key-names.js';
import type { Detector } from './types.js';

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?)-----/g;
/** A block ends at the first END line of any private key type (a mislabelled END still ends it). */
const PEM_END = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
/** Headers of legacy encrypted PEM and of PGP blocks: `Proc-Type: 4,ENCRYPTED`, `DEK-Info: …`, `Version: …`. */
const PEM_HEADER = /(?:\r?\n|\\n)[A-Za-z-]{1,32}: [^\n\\]{0,200}/y;
/** Base64 body of a PEM block cut short (no END line): letters, digits, `+/=`, whitespace, escaped newlines. */
const PEM_BODY_CHAR = /[A-Za-z0-9+/=\s\\]/;

/** Whole private-key blocks of any type (RSA, EC, OPENSSH, PKCS#8, encrypted, PGP), BEGIN line to END line. */
export const detectPrivateKeys: Detector = (text, found) => {
  if (!text.includes('PRIVATE KEY')) return;
  PEM_BEGIN.lastIndex = 0;
  // The next END line after the current BEGIN, found once and reused, so many BEGINs cost one pass.
  let nextEnd: { start: number; end: number } | null = null;
  let noMoreEnds = false;
  for (let m = PEM_BEGIN.exec(text); m !== null; m = PEM_BEGIN.exec(text)) {
    const start = m.index;
    if (!noMoreEnds && (nextEnd === null || nextEnd.start < PEM_BEGIN.lastIndex)) {
      PEM_END.lastIndex = PEM_BEGIN.lastIndex;
      const e = PEM_END.exec(text);
      nextEnd = e ? { start: e.index, end: PEM_END.lastIndex } : null;
      noMoreEnds = e === null;
    }
    let end: number;
    if (nextEnd !== null) {
      end = nextEnd.end;
    } else {
      // A truncated block still hides its headers and everything that looks like its body.
      end = PEM_BEGIN.lastIndex;
      PEM_HEADER.lastIndex = end;
      while (PEM_HEADER.test(text)) end = PEM_HEADER.lastIndex;
      while (end < text.length && PEM_BODY_CHAR.test(text[end]!)) end++;
    }
    found.push({ kind: 'private_key', start, end });
    PEM_BEGIN.lastIndex = end;
  }
};

/** `scheme://user:password@host`: only the password goes; user and host stay readable. */
const URL_USERINFO = /\/\/([^\s:/?#@"'<>\\]{1,256}):([^\s/?#@"'<>\\]{1,512})@/y;
const SCHEME_CHAR = /[A-Za-z0-9+.-]/;

export const detectUrlPasswords: Detector = (text, found) => {
  if (!text.includes('://') || !text.includes('@')) return;
  for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', at + 3)) {
    if (at === 0 || !SCHEME_CHAR.test(text[at - 1]!)) continue;
    URL_USERINFO.lastIndex = at + 1;
    const m = URL_USERINFO.exec(text);
    if (!m) continue;
    const password = m[2]!;
    if (isPlaceholderValue(password)) continue;
    const end = at + 1 + m[0].length - 1;
    found.push({ kind: 'url_password', start: end - password.length, end });
  }
};

import { isPlaceholderValue } from './key-names.js';
import type { Detector } from './types.js';

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?)-----/g;
/** Base64 body of a PEM block cut short (no END line): letters, digits, `+/=`, whitespace, escaped newlines. */
const PEM_BODY_CHAR = /[A-Za-z0-9+/=\s\\]/;

/** Whole private-key blocks of any type (RSA, EC, OPENSSH, PKCS#8, encrypted, PGP), BEGIN line to END line. */
export const detectPrivateKeys: Detector = (text, found) => {
  if (!text.includes('PRIVATE KEY')) return;
  PEM_BEGIN.lastIndex = 0;
  for (let m = PEM_BEGIN.exec(text); m !== null; m = PEM_BEGIN.exec(text)) {
    const start = m.index;
    const endMarker = `-----END ${m[1]}-----`;
    const endAt = text.indexOf(endMarker, PEM_BEGIN.lastIndex);
    let end: number;
    if (endAt >= 0) {
      end = endAt + endMarker.length;
    } else {
      // A truncated block still hides everything that looks like its body.
      end = PEM_BEGIN.lastIndex;
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

/** `curl -u user:password` and `--user user:password`: the password goes, the user stays. */
const USER_OPTION = /(?<![^\s'"])(?:-u|--user)[ \t]+(['"]?)([^\s:'"]{1,256}):([^\s'"]{1,512})/g;

export const detectUserOptions: Detector = (text, found) => {
  if (!text.includes('-u')) return;
  USER_OPTION.lastIndex = 0;
  for (let m = USER_OPTION.exec(text); m !== null; m = USER_OPTION.exec(text)) {
    const password = m[3]!;
    // `docker run -u 1000:1000` names a user and a group.
    if (isPlaceholderValue(password)) continue;
    const end = m.index + m[0].length;
    found.push({ kind: 'password', start: end - password.length, end });
  }
};

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the table holds shell and YAML text, where ${X} is a reference
import { describe, expect, it } from 'vitest';
import { type CredentialKind, type CredentialSpan, findCredentials, redactText } from './index.js';

/**
 * One table, one row per kind: texts where the kind is found (each «…» marks a span of the row's kind, or of
 * the kind named as «kind:…») and look-alikes where nothing may be found. The `Record` makes a new kind
 * without a row a type error.
 */
interface Row {
  found: string[];
  kept: string[];
}

const PEM_BODY =
  'MIIEowIBAAKCAQEAq2bTLMJF3slz4kb4EMwaPExzRAX3rk2Q87SdDurpr8HxmhRm\n6BiCB1xgiRLmObTihZHOYoRuGi2R';

const TABLE: Record<CredentialKind, Row> = {
  private_key: {
    found: [
      `«-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----»\nwritten`,
      `$ cat id_ed25519\n«-----BEGIN OPENSSH PRIVATE KEY-----\n${PEM_BODY}\n-----END OPENSSH PRIVATE KEY-----»`,
      `«-----BEGIN EC PRIVATE KEY-----\n${PEM_BODY}\n-----END EC PRIVATE KEY-----»`,
      `«-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n${PEM_BODY}\n=Ab12\n-----END PGP PRIVATE KEY BLOCK-----»`,
      `{"private_key": "«-----BEGIN PRIVATE KEY-----\\n${PEM_BODY.replace('\n', '\\n')}\\n-----END PRIVATE KEY-----\\n»"}`,
      // Cut short: the legacy headers and the body still go.
      `«-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F17F5316E2BAC89\n\n${PEM_BODY}»[…]`,
      // An END line of another label still ends the block.
      `«-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END PRIVATE KEY-----»\nkey written to id_rsa`,
    ],
    kept: [
      `-----BEGIN PUBLIC KEY-----\n${PEM_BODY}\n-----END PUBLIC KEY-----`,
      `-----BEGIN CERTIFICATE-----\n${PEM_BODY}\n-----END CERTIFICATE-----`,
      'Never paste a private key here; the PRIVATE KEY file stays in ~/.ssh.',
    ],
  },
  anthropic_key: {
    found: [
      'export ANTHROPIC_API_KEY="«sk-ant-api03-I2nicgdMBN7DB9NtLE7rT__Df85E4OO8vyfLmFAkqZyuIT8PXBKCm5YEdSWQOIaVyXgj9bGI4YCoaW3Si7QIJlylSgHKCAA»"',
      'admin key «sk-ant-admin01-Qx7Lm2Pz9Rt4Vn8Kc3Wb6Yh1Jd5Fg0Se» rotated',
    ],
    kept: ['sk-ant-', 'the sk-ant-api03 prefix', 'sk-ant-some-long-descriptive-name-here'],
  },
  openai_key: {
    found: [
      'OPENAI_API_KEY=«sk-4Ree7NAw8MhdkW3oAwdYYiDyXwdSu78e9KCe3Oejj8x1O958»',
      'I rotated «sk-proj-xA_raNFbMkoo5kmozpi_OvPBr2cdJLT1bc5gCO7FCOPOfsHYao9h5SlWZCzJs6DdB1QRwmyjC-CLPH» yesterday.',
      '{"key": "«sk-svcacct-64ojXa_6eGqAismkSVRbSd37gl4jAYtzWKjRJ-l_21dIKR4W7t2IUsZsUy9uA1b»"}',
      // Split over two lines of a YAML double-quoted value: the reader of the file joins them.
      'note: "Use this key: «sk-proj-Zx9Qw8Er7Ty6\\\n  Ui5Op4As3Df2Gh1Jk0LzXcVbNm»"',
    ],
    kept: [
      'sk-learn and risk-assessment-framework-document',
      'sk-this-is-a-very-long-hyphenated-name-without-digits',
      'OPENAI_API_KEY=sk-...',
      'OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    ],
  },
  github_token: {
    found: [
      'remote: using token «ghp_Sxj6DFvW75X5eLZlIiwUSM0qwLdh3MJRY9iW» for push',
      '«gho_g5j73NyJd1r4ccGps0QEg9ocTfTOwG2FPPHy» «ghu_3Y5DIXnyJQAlO57FtrPSoS5j6boVpm5LH92u»',
      '«ghs_5P08SAC0vzW2PlHvjS2orEyiTVOv7qhLKrFn» and «ghr_WYhaevs9qQdhp9PNzc26Oyu6hbktTwVuWe85»',
      'GH_TOKEN=«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»',
    ],
    kept: ['ghp_tooShort', 'GITHUB_TOKEN=ghp_...', 'see github_pat_ tokens in the docs'],
  },
  gitlab_token: {
    found: ['git clone https://oauth2:«glpat-xdCG4baxL_l0BKxMccQR»@gitlab.example.com/team/app.git'],
    kept: ['glpat-', 'a glpat-token is needed'],
  },
  slack_token: {
    found: [
      'SLACK_BOT_TOKEN=«xoxb-922948692280-6261418867381-qrCEwubcrsOtBGJFn8n6dUk7»',
      'posted with «xoxp-135935498623-663014970709-f65a13e1629f00eac1966b1bfcc1c863»',
    ],
    kept: ['xoxo, see you', 'xoxb-not-a-real-token-here'],
  },
  slack_webhook: {
    found: ['curl -X POST https://hooks.slack.com/services/«TFIGLQUF4/BDK86YOZRG9/B4V7PWoKCCoCh7LS9sUs0KYG»'],
    kept: ['post to https://hooks.slack.com/services/ from the settings page'],
  },
  stripe_key: {
    found: [
      'stripe.api_key = "«sk_live_SU1UfRx33F1UWVQX6I9WlRVn»"',
      'restricted «rk_live_ycsY02iZe88uP6URchpmHQqC», test «sk_test_I6GnCMzDHNKFYEAnRsSgxnKY» and «rk_test_pD2t6zpDPdNB8bgVyPQYPjvu»',
    ],
    // Publishable keys are public by design (they ship in web pages).
    kept: ['publishable pk_live_3kxfqiwXMbg8Q1FiYbB1OhVA and pk_test_TYooMQauvdEDq54NiTphI7jx', 'sk_live_'],
  },
  webhook_secret: {
    found: ['STRIPE_WEBHOOK=«whsec_hdnC5FZzs5KoO2bOnswk8oQDA6GwxzYo»'],
    kept: ['the whsec_ prefix', 'whsec_signingsecretfromthedashboard'],
  },
  google_api_key: {
    found: ['const url = `https://maps.example.com/api?key=«AIzacmry_Hv5TCjmL11BXEFdcLl-aubYZys1u-V»`;'],
    kept: ['AIzaSyShort', 'keys start with AIza'],
  },
  google_oauth_secret: {
    found: [
      '"client_secret": "«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»"',
      'secret «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»',
    ],
    kept: ['GOCSPX-short', 'secrets start with GOCSPX-'],
  },
  google_oauth_token: {
    found: [
      'access token «ya29.a0b76xOLtz9W4WvH7fV4dcODwLF7wUTUJN4cnf4I0WtgNUiP0wWAX6F-V0QkvtR1sLA88-qgtwpBpoDfCCGXBvEL»',
    ],
    kept: ['ya29.short', 'tokens start with ya29.'],
  },
  huggingface_token: {
    found: [
      'HF_TOKEN=«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»',
      'login with «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» done',
    ],
    kept: ['hf_hub_download(repo_id)', 'HF_HOME=/data/hf', 'hf_abcdefghijklmnopqrstuvwxyzabcdefgh'],
  },
  sendgrid_key: {
    found: ['SENDGRID=«SG.r0J8GtnOsX34-X-nIqBmWn.WEqm-KWIJfffGnRKCwqYInDPAId24yjYJGB67sjC-xP»'],
    kept: ['SG.prototype.send', 'SG.mail.send(message)'],
  },
  npm_token: {
    found: [
      '//registry.example.org/:_authToken=«npm_BpIard87qBTMtxKhuZyL71bYQUBNlWvrTWNX»',
      '«npm_1D7AByWRV0TcOpQby99sfXtLY9LuTGKilHFb»',
    ],
    kept: ['npm_config_cache=/home/jamie/.npm', 'npm_package_version'],
  },
  pypi_token: {
    found: ['password = «pypi-AgEIcHlwaS5vcmcy-vcI661cPGe_H_apjEBZz5cGN-p4FLqMPJ_6-a_CdNNDnPSktLF3Na8GcA4»'],
    kept: ['pypi-AgEIcHlwaS5vcmc', 'see the pypi-token docs'],
  },
  docker_hub_token: {
    found: ['docker login -u jamie -p «dckr_pat_eF2o5p4TT8KEfkeMZ1vX2ZHvhLt»'],
    kept: ['dckr_pat_', 'tokens look like dckr_pat_ABC'],
  },
  digitalocean_token: {
    found: [
      'DIGITALOCEAN_ACCESS_TOKEN=«dop_v1_348e351aceb8992ca32dbb67ec5ece18d083242e74bb7a4bc26e6a3fa6a07b69»',
    ],
    kept: ['dop_v1_ tokens', 'dop_v1_348e351aceb8992ca32d'],
  },
  shopify_token: {
    found: ['X-Shopify-Access-Token: «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»'],
    kept: ['shpat_ tokens', 'shpat_notahexvaluenotahexvaluenota'],
  },
  twilio_key: {
    found: [
      'TWILIO_API_KEY=«SKc3dc5c7e79cad81643a5dc4ce78186f1»',
      'key «SKc3dc5c7e79cad81643a5dc4ce78186f1» rotated',
    ],
    kept: [
      'SKIP_TESTS=1',
      'SK0000000000000000000000000000000',
      'SKC3DC5C7E79CAD81643A5DC4CE78186F1',
      'TASKc3dc5c7e79cad81643a5dc4ce78186f1',
    ],
  },
  twilio_account: {
    found: [
      'TWILIO_ACCOUNT_SID=«AC167852b83d0db5ae3db13088df4bd8b5»\nTWILIO_AUTH_TOKEN=«secret:e6c4f58663bc0551bd132dd0222271d6»',
      'client = Client("«AC167852b83d0db5ae3db13088df4bd8b5»", auth_token)',
    ],
    kept: ['ACCOUNT_ID=42', 'AC00000000000000000000000000000000', 'BAC167852b83d0db5ae3db13088df4bd8b5'],
  },
  azure_key: {
    found: [
      'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=«d1l3dm9OVGQ5ZExmUHozRzRLZExJOTVUOFR6WUVpZm5sMVlQeUNJTk1Xc3pYMnFKd2luaXh3TERtVnBwcVZZNw==»;EndpointSuffix=core.windows.net',
      'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=«q2bTLMJF3slz4kb4EMwaPExzRAX3rk2Q87SdDurpr8=»',
      'https://acct.blob.core.windows.net/c/f.txt?sv=2022-11-02&se=2026-01-01&sp=r&sig=«NVdoOE5jeVBJWndzWWowcnRyMHBweHdkRTlBRGdkSU8%3D»',
    ],
    kept: ['AccountName=acct;AccountKey=<key>;', 'signed with sig=abc', 'AccountKey=$AZURE_STORAGE_KEY'],
  },
  aws_access_key_id: {
    found: ['aws_access_key_id = «AKIANBFH4XMRT9USD57Y»', '{"AccessKeyId": "«ASIA3G5XJK1OWXLUTTC0»"}'],
    kept: ['AKIA is the prefix of an access key id; ASIAN markets', 'AKIAIOSFODNN7'],
  },
  jwt: {
    found: [
      'the cookie held «eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkphbWllIiwiaWF0IjoxNTE2MjM5MDIyfQ.exEHxCV3__dumzh8krRyv3cjc_bzhHM5s6XXmyhXQ2b» until it expired',
    ],
    kept: ['eyJmb28iOiJiYXIifQ.eyJ4IjoxfQ.c2lnbmF0dXJl', 'eyJhbGciOiJIUzI1NiJ9 without dots'],
  },
  aws_secret_key: {
    found: [
      '[default]\naws_secret_access_key = «VjgZTHLlXmfgmWnYXc+4+pezoGM0/OtUf7sTN7G3»',
      'aws_secret_access_key=«VjgZTHLlXmfgmWnYXc+4+pezoGM0/OtUf7sTN7G3»',
      'aws_secret_access_key: "«VjgZTHLlXmfgmWnYXc+4+pezoGM0/OtUf7sTN7G3»"',
      'AWS_SECRET_ACCESS_KEY : «VjgZTHLlXmfgmWnYXc+4+pezoGM0/OtUf7sTN7G3»',
      "export AWS_SECRET_ACCESS_KEY='«VjgZTHLlXmfgmWnYXc+4+pezoGM0/OtUf7sTN7G3»'",
      // No digit, which a credential-shaped guess would want: the name alone says what it is.
      'aws_secret_access_key = «abcdefghijABCDEFGHIJabcdefghijABCDEFGHIJ»',
    ],
    kept: [
      'aws_secret_access_key = ',
      'aws_secret_access_key = ${AWS_SECRET}',
      'aws_secret_access_key is required',
    ],
  },
  url_password: {
    found: [
      'DATABASE_URL=postgres://app_user:«Tr0ub4dor&3xyz»@db.internal:5432/app',
      "fatal: unable to access 'https://jamie:«eglRmVZ5Q7kkX8icrsQM»@git.example.com/repo.git/'",
    ],
    kept: [
      'https://jamie@git.example.com/repo.git',
      'ssh://git@example.com:2222/repo.git',
      'postgres://app:${DB_PASSWORD}@db/app',
    ],
  },
  password: {
    found: [
      'docker login -p «Sup3rS3cretPw» registry.example.com',
      'docker login registry.example.com -u jamie --password «Sup3rS3cretPw»',
      'podman login --password=«correcthorse» quay.io',
      "echo '«Sup3rS3cretPw»' | docker login -u jamie --password-stdin",
      'docker login \\\n  -u jamie \\\n  -p «Sup3rS3cretPw» \\\n  registry.example.com',
      'mysql -u root -p«MyPa55w0rd9» appdb',
      'mysqldump --password=«MyPa55w0rd9» appdb > dump.sql',
      'mysql -uroot -p"«My Pa55;w0rd»" appdb',
      '{"cmd":"mariadb -u app -p\\"«swordfish»\\" app"}',
      'sshpass -p «s3cr3tpass» ssh deploy@host',
      "sshpass -p'«two words»' scp a host:b",
      'redis-cli -h cache -a «Redispass1» ping',
      "sshpass -p «s3cr3tpass» ssh deploy@web1 'redis-cli -a «Redispass1» ping'",
      'openssl rsa -in key.pem -passin pass:«0pensslpw» -out plain.pem',
      'curl -u admin:«S3cretAdm1n» https://jenkins.example.com/api/json',
      "curl --user 'ci-bot:«xK9mQ2wL7vR4»' https://ci.example.com",
    ],
    kept: [
      'mysql -u root -p appdb',
      'mysql -u root -p"$MYSQL_PWD" appdb',
      'docker login -u jamie --password-stdin < ~/.docker-pass',
      'echo "$CR_PAT" | docker login ghcr.io -u jamie --password-stdin',
      'mkdir -p build && cp -a src build',
      'docker run -u 1000:1000 -p 8080:80 nginx',
      'sshpass -f ~/.pw ssh host',
      'redis-cli -a "$REDIS_PASSWORD" ping',
      'openssl rsa -passin env:KEY_PASS -in key.pem',
    ],
  },
  authorization: {
    found: [
      'Authorization: Basic «amFtaWU6aHVudGVyMg==»',
      'curl -s -H "Authorization: Bearer «Kgt08H2z6zf6.S1ODnyF0Q0qlT3L8IS6o»" https://api.example.com',
      '{"cmd":"curl -H \\"Authorization: Bearer «URYHWMVH8Cj6ozJjzqUcpLkWBqxfwi4OPQklJCbJ»\\" https://x"}',
    ],
    kept: [
      'Authorization: Bearer $OPENAI_API_KEY',
      'curl -H "Authorization: Bearer ${TOKEN}" https://api.example.com',
      '      Authorization: undefined, // do not propagate request headers',
    ],
  },
  bearer_token: {
    found: ['request failed: 401 Unauthorized (sent bearer «pig12pcd4K3wO7gcRcR2U15b2x2oYo9»)'],
    kept: ['We use bearer authentication and a session token per request.', 'token_type: Bearer'],
  },
  secret: {
    found: [
      // env and shell
      "DB_PASSWORD=«hunter2»\nexport SESSION_SECRET='«DLmvgYj9tdHt6MyEpsiSqSmbLbmA08jD»'",
      'PGPASSWORD=«Wint3rIsComing» psql -h db -U app',
      'DB_PASSWORD=«changeme42»',
      // code
      'const password = "«swordfish»";\napi_key = \'«ko2Jn0PO3QnWBJJmGmW1Jygh8iAl»\'',
      '{"username": "jamie", "password": "«correct horse battery staple»"}',
      // YAML: plain, single-quoted (with a doubled quote), double-quoted, continued with `\`, folded, block
      'database:\n  password: «s3cret-Passw0rd»\n  api_key: «ko2Jn0PO3QnWBJJmGmW1Jygh8iAl» # rotated',
      "db:\n  password: '«it''s-a-Secret»'\n  host: x",
      'db:\n  password: "«Zq8rT2vW5yN1»"',
      'db:\n  password: "«Zq8rT2\\\n    vW5yN1»"\n  host: x',
      'db:\n  password: "«Zq8rT2\n    vW5yN1»"\n  host: x',
      'db:\n  password: |\n    «s3cret-line-one\n    line-two»\n  host: x',
      // TOML and netrc
      '[auth]\nclient_secret = "«UrcbLy1gFE33zSKgUWXI5iNdAP»"',
      'machine api.example.com login jamie password «q8Zr2mVx7Lp4»',
      // flags and query strings
      'deploy --api-key=«0RB81dlmCXUm1ruRaSjvjODH» --token «a8f3k2m9q1w7»',
      'GET /callback?code=abc&access_token=«6eGtrhsRCldbbUWhVVlWaumGk4ZAzr»&state=xyz',
      // prose
      'the password is «hunter2x»',
      'The password is «hunter2x» and the user is admin.',
      'password: «correcthorsebatterystaple»',
      'I logged in with password: «correcthorsebatterystaple» and it worked',
      'Set the password to «Tr0ub4dor3».',
      'the new password was `«Xk9-Pl2m»`',
      'MySQL refused the password `«MyPa55w0rd9»` for root',
      'the API token is «8f3a9b2c1d4e5f60718293a4b5c6d7e8»',
      // a diff of a config file
      '+password: «correcthorsebatterystaple»',
    ],
    kept: [
      'The token count went up; the password reset flow needs a secret rotation.',
      'The token expired, so enter your password again and check the API key in settings.',
      'The password is incorrect.',
      'the password is stored in the vault',
      'Password: see the vault entry for the staging database.',
      'api_key: <your-token>',
      'TOKEN=${TOKEN}\nNPM_TOKEN=xxxx\nAPI_KEY=***',
      'DB_PASSWORD=changeme\npassword: changeme\nAPI_KEY=your-api-key\nTOKEN=YOUR_TOKEN_HERE',
      'the token is base64url-encoded',
      'use the token to authenticate',
      'pass the token "abc" to the helper; the password `field` is required',
      'max_tokens=4096\nTOKEN_TTL=3600\nPASSWORD_MIN_LENGTH=8',
      '{"auth_mode": "chatgpt", "token_count": 5, "password_required": true}',
      'const apiKey = process.env.OPENAI_API_KEY;\nconst token = getToken();',
      'password: ${DB_PASSWORD}\ntoken: ${{ secrets.NPM_TOKEN }}',
    ],
  },
};

const MARK = /«(?:([a-z_]+):)?([^»]*)»/g;

function parseRow(kind: CredentialKind, marked: string): { input: string; spans: CredentialSpan[] } {
  let input = '';
  let at = 0;
  const spans: CredentialSpan[] = [];
  for (const m of marked.matchAll(MARK)) {
    input += marked.slice(at, m.index);
    const value = m[2]!;
    spans.push({
      kind: (m[1] as CredentialKind | undefined) ?? kind,
      start: input.length,
      end: input.length + value.length,
    });
    input += value;
    at = m.index + m[0].length;
  }
  return { input: input + marked.slice(at), spans };
}

const rows = (Object.entries(TABLE) as [CredentialKind, Row][]).flatMap(([kind, row]) => [
  ...row.found.map((text) => ({ kind, found: true, ...parseRow(kind, text) })),
  ...row.kept.map((text) => ({ kind, found: false, input: text, spans: [] as CredentialSpan[] })),
]);

describe('findCredentials', () => {
  it.each(
    rows.map((r) => [r.found ? 'finds' : 'leaves', r.kind, JSON.stringify(r.input).slice(0, 70), r] as const),
  )('%s %s in %s', (_verb, _kind, _text, row) => {
    expect(findCredentials(row.input)).toEqual(row.spans);
  });

  it('has found and kept examples for every kind', () => {
    for (const [kind, row] of Object.entries(TABLE)) {
      expect(row.found.length, kind).toBeGreaterThan(0);
      expect(row.kept.length, kind).toBeGreaterThan(0);
    }
  });

  it('masks exactly the spans it reports, and masked text holds nothing more', () => {
    for (const row of rows.filter((r) => r.found)) {
      const masked = redactText(row.input);
      for (const span of row.spans) expect(masked).not.toContain(row.input.slice(span.start, span.end));
      expect(findCredentials(masked)).toEqual([]);
    }
  });
});

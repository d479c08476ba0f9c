import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirEach } from '../../test/helpers/temp-dir.js';
import { providerFromConfig, readConfiguredProvider } from './config-provider.js';

describe('the model provider a Codex config selects', () => {
  it('is openai when the config names none', () => {
    expect(providerFromConfig('')).toBe('openai');
    expect(providerFromConfig('model = "gpt-5.5"\n[model_providers.mock]\nname = "mock"\n')).toBe('openai');
  });

  it('is the top-level model_provider, not a key of the same name inside a table', () => {
    const config = [
      '# comment',
      'model = "mock-model"',
      "model_provider = 'mock' # trailing comment",
      '',
      '[model_providers.mock]',
      'model_provider = "not-this-one"',
      'base_url = "http://127.0.0.1:1/v1"',
    ].join('\n');
    expect(providerFromConfig(config)).toBe('mock');
  });

  it("is the active profile's provider when it names one, else the top-level one", () => {
    const config = [
      'model_provider = "openai"',
      'profile = "work"',
      '[profiles.work]',
      'model_provider = "azure"',
      '[profiles.home]',
      'model_provider = "ollama"',
    ].join('\n');
    expect(providerFromConfig(config)).toBe('azure');
    expect(providerFromConfig(config.replace('profile = "work"', 'profile = "other"'))).toBe('openai');
  });

  it('reads dotted and quoted keys and CRLF lines', () => {
    expect(providerFromConfig('profile = "my work"\r\nprofiles."my work".model_provider = "lab"\r\n')).toBe(
      'lab',
    );
    expect(providerFromConfig('[ profiles . "x" ]\nmodel_provider = "y"\n[other]\nprofile="x"\n')).toBe(
      'openai',
    );
  });

  it('ignores what a multi-line string or an array of tables holds', () => {
    const config = [
      'notice = """',
      'model_provider = "inside-a-string"',
      '"""',
      '[[mcp_servers.list]]',
      'model_provider = "inside-an-array-table"',
    ].join('\n');
    expect(providerFromConfig(config)).toBe('openai');
  });

  const dir = tempDirEach('codex-config-');

  it('is openai for a Codex home without config.toml, and unknown when the file cannot be read', async () => {
    expect(await readConfiguredProvider(dir())).toBe('openai');
    await mkdir(join(dir(), 'config.toml'));
    expect(await readConfiguredProvider(dir())).toBeNull();
  });

  it('reads the config.toml of the Codex home', async () => {
    await writeFile(join(dir(), 'config.toml'), 'model_provider = "mock"\n');
    expect(await readConfiguredProvider(dir())).toBe('mock');
  });
});
